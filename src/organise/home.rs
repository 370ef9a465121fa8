//! `/organise`: what an organiser can do, and the coming markets of their host units to change.

use jishi_core::{
    auth::Role,
    market::{Market, MarketStatus},
    message::LimitRequest,
    when,
};
use leptos::prelude::*;

use crate::components::fields::{label, Input};
use crate::components::problems::{api_error_text, ProblemLine};
use crate::form_page::OrganisersOnly;
use crate::{
    api,
    app::{paths, use_page_title},
    fetch::Fetch,
    i18n::*,
    prefs::use_prefs,
    session::use_session,
};

/// The organiser's desk.
#[component]
pub fn OrganiseHome() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, organise_title).to_string());
    view! {
        <div class="page">
            <h1>{t!(i18n, organise_title)}</h1>
            <OrganisersOnly>
                <div class="actions">
                    <a class="button primary" href=paths::ORGANISE_NEW>{t!(i18n, new_market)}</a>
                    <a class="button primary" href=paths::ORGANISE_SERIES>{t!(i18n, new_series)}</a>
                    <a class="button" href=paths::MY_PRODUCTS>{t!(i18n, my_products)}</a>
                    <a class="button" href=paths::HOUSEHOLDS>{t!(i18n, households_title)}</a>
                    <a class="button" href=paths::REPORTS>{t!(i18n, reports_title)}</a>
                </div>
                <MyMarkets/>
                <Texts/>
            </OrganisersOnly>
        </div>
    }
}

/// This month's texts of each of the organiser's host units, by market, against the limit: SMS
/// costs money, and past the limit only cancellations go out.
#[component]
fn Texts() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let usage = Fetch::new(move || {
        let units: Vec<String> = session
            .user
            .get_untracked()
            .map(|user| user.host_units.into_iter().map(|unit| unit.id).collect())
            .unwrap_or_default();
        async move {
            let mut all = Vec::new();
            for unit in units {
                all.push(api::message_usage(&unit).await?);
            }
            Ok::<_, api::ApiError>(all)
        }
    });
    let cards = move || {
        let units = usage.get()?.ok()?;
        let names = session
            .user
            .get_untracked()
            .map(|u| u.host_units)
            .unwrap_or_default();
        Some(
            units
                .into_iter()
                .map(|unit| {
                    let name = names
                        .iter()
                        .find(|n| n.id == unit.host_unit_id)
                        .map(|n| n.name.clone())
                        .unwrap_or_default();
                    let (sent, limit) = (unit.sent, unit.limit);
                    let full = unit.sent >= unit.limit;
                    view! {
                        <article class="card sms-usage">
                            <h3>{name}</h3>
                            <p>{t!(i18n, sms_usage_line, sent = move || sent, limit = move || limit)}</p>
                            {full.then(|| view! { <p class="error" role="alert">{t!(i18n, sms_over_limit)}</p> })}
                            <ul class="muted">
                                {unit.markets.into_iter().map(|m| view! { <li>{m.title} " · " {m.sent}</li> }).collect_view()}
                            </ul>
                            <LimitForm unit=unit.host_unit_id limit on_saved=Callback::new(move |()| usage.refetch())/>
                        </article>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <section class="list" aria-labelledby="sms-usage">
            <h2 id="sms-usage">{t!(i18n, sms_usage_title)}</h2>
            {cards}
        </section>
    }
}

/// A host unit's monthly limit of texts, to change.
#[component]
fn LimitForm(unit: String, limit: u32, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(limit.to_string());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new_local(move |limit: &u32| {
        let (unit, limit) = (unit.clone(), *limit);
        async move { api::set_message_limit(&unit, limit).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_saved.run(()),
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match typed.get_untracked().trim().parse::<u32>() {
            Ok(limit) if limit <= LimitRequest::MAX => {
                problem.set(None);
                save.dispatch(limit);
            }
            _ => problem.set(Some(t_string!(i18n, sms_limit_invalid).to_string())),
        }
    };
    view! {
        <form class="form" on:submit=on_submit>
            <Input label=label(|i| t_string!(i, sms_limit_label).to_string()) value=typed name="limit" kind="number"/>
            <button type="submit" class="button" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
            <ProblemLine text=problem/>
        </form>
    }
}

/// The coming markets this organiser may change, each a link to its form.
#[component]
fn MyMarkets() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let session = use_session();
    let markets = Fetch::new(|| api::schedule(None));
    let list = move || {
        let Some(answer) = markets.get() else {
            return view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any();
        };
        let user = session.user.get_untracked();
        let mine: Vec<Market> = answer
            .unwrap_or_default()
            .into_iter()
            .filter(|m| {
                user.as_ref().is_some_and(|u| {
                    u.roles.contains(&Role::Admin)
                        || u.host_units.iter().any(|h| h.id == m.host_unit.id)
                })
            })
            .collect();
        if mine.is_empty() {
            return view! { <p class="muted">{t!(i18n, no_my_markets)}</p> }.into_any();
        }
        mine.into_iter()
            .map(|market| {
                let starts = market.starts_at;
                let off = market.status != MarketStatus::Scheduled;
                view! {
                    <a class="card row-link" class:cancelled=off href=paths::organise_market(&market.id)>
                        <span class="muted">{move || when::day_label(starts, prefs.lang.get())} " · " {market.host_unit.name}</span>
                        <strong>{market.title}</strong>
                    </a>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="list" aria-labelledby="my-markets">
            <h2 id="my-markets">{t!(i18n, my_markets)}</h2>
            {list}
        </section>
    }
}
