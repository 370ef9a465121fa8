//! `/organise`: what an organiser can do, and the coming markets of their host units to change.

use jishi_core::{
    auth::Role,
    market::{Market, MarketStatus},
    when,
};
use leptos::prelude::*;

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
                </div>
                <MyMarkets/>
            </OrganisersOnly>
        </div>
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
