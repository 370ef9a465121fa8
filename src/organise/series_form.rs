//! `/organise/series`: a monthly series ("the first Saturday of each month, for 12 months, hosted by
//! 蒋僧桥村, 金良社区 and 小桐村 in turn"), with a preview of every date and host before publishing.

use jishi_core::{
    field::{Field, Problem},
    market::{Approval, Contact, MarketKind},
    market::{HostUnit, SeriesRequest},
    monthly::{MonthlyRule, TimeOfDay, WeekOfMonth, YearMonth, WEEK},
    when,
};
use leptos::prelude::*;

use super::my_units;
use crate::components::fields::{approval_options, kind_options, label, Input, Select, TextArea};
use crate::components::problems::{api_error_text, problem_text, ErrorView, ProblemLine};
use crate::form_page::{FormPage, Waiting};
use crate::router::use_navigate;
use crate::{
    api, app::paths, clock, fetch::Fetch, i18n::*, prefs::use_prefs, session::use_session,
};

/// Publish a monthly series.
#[component]
pub fn SeriesPage() -> impl IntoView {
    let units = Fetch::new(api::host_units);
    // No host units to choose from would read as "not yours": say the load failed.
    let form = move || match units.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(Ok(units)) => view! { <SeriesForm units/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |()| units.refetch())/> }.into_any()
        }
    };
    view! { <FormPage title=label(|i| t_string!(i, new_series).to_string())>{form}</FormPage> }
}

#[component]
fn SeriesForm(units: Vec<HostUnit>) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let session = use_session();
    let units = session
        .user
        .get_untracked()
        .map(|user| my_units(&user, units))
        .unwrap_or_default();
    let text = |value: &str| RwSignal::new(value.to_owned());
    let title = text("");
    let kind = text(MarketKind::ProduceFair.as_str());
    let week = text("0");
    let weekday = text("5");
    let first_month = RwSignal::new(YearMonth::of(clock::today()).next().to_string());
    let months = text("12");
    let starts = text("08:00");
    let ends = text("12:00");
    let goods = text("");
    let contact_name = text("");
    let contact_phone = text("");
    let approval = text(Approval::Auto.as_str());
    let rotation = RwSignal::new(Vec::<String>::new());
    let published = RwSignal::new(None::<usize>);
    let problem = RwSignal::new(None::<String>);

    let request = move || -> Result<SeriesRequest, Problem> {
        let index = |signal: RwSignal<String>| signal.get().parse::<usize>().unwrap_or(0);
        Ok(SeriesRequest {
            title: title.get(),
            kind: MarketKind::parse(&kind.get()).unwrap_or(MarketKind::Other),
            rule: MonthlyRule {
                week: WeekOfMonth::ALL[index(week).min(4)],
                weekday: WEEK[index(weekday).min(6)],
            },
            first_month: YearMonth::parse(&first_month.get())
                .ok_or(Problem::Missing(Field::Date))?,
            months: months
                .get()
                .trim()
                .parse()
                .map_err(|_| Problem::Invalid(Field::Months))?,
            starts: TimeOfDay::parse(&starts.get()).ok_or(Problem::Invalid(Field::Time))?,
            ends: TimeOfDay::parse(&ends.get()).ok_or(Problem::Invalid(Field::Time))?,
            host_units: rotation.get(),
            goods: goods.get(),
            contact: Contact {
                name: contact_name.get(),
                phone: contact_phone.get(),
            },
            approval: Approval::parse(&approval.get()).unwrap_or(Approval::Auto),
        })
    };
    let names: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    let name_of = {
        let names = names.clone();
        move |id: &str| {
            names
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        }
    };
    let preview = move || match request().and_then(|r| r.plan()) {
        Ok(plan) => {
            let lang = prefs.lang.get();
            let rows = plan
                .into_iter()
                .map(|m| {
                    let line = format!(
                        "{} {} · {}",
                        when::day_label(m.starts_at, lang),
                        when::time_range(m.starts_at, m.ends_at),
                        name_of(&m.host_unit)
                    );
                    view! { <li>{line}</li> }
                })
                .collect_view();
            view! { <ol class="preview">{rows}</ol> }.into_any()
        }
        Err(p) => view! { <p class="muted">{problem_text(p)}</p> }.into_any(),
    };

    let navigate = use_navigate();
    let submit = Action::new_local(move |request: &SeriesRequest| {
        let request = request.clone();
        async move { api::create_series(&request).await }
    });
    Effect::new(move |_| match submit.value().get() {
        // The first market's layout next; the later ones copy it ("复制本系列上一场的布局").
        Some(Ok(created)) => match created.markets.first() {
            Some(first) => navigate(
                &paths::stall_layout_after_publish(&first.id, created.markets.len()),
                Default::default(),
            ),
            None => published.set(Some(0)),
        },
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match request().and_then(|r| r.plan().map(|_| r)) {
            Ok(request) => {
                problem.set(None);
                submit.dispatch(request);
            }
            Err(p) => problem.set(Some(problem_text(p))),
        }
    };

    let label =
        |text: fn(leptos_i18n::I18nContext<Locale>) -> String| Signal::derive(move || text(i18n));
    let kinds = kind_options();
    let weeks = Signal::derive(move || {
        [
            t_string!(i18n, week_first),
            t_string!(i18n, week_second),
            t_string!(i18n, week_third),
            t_string!(i18n, week_fourth),
            t_string!(i18n, week_last),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, name)| (i.to_string(), name.to_string()))
        .collect()
    });
    let weekdays = Signal::derive(move || {
        let lang = prefs.lang.get();
        WEEK.iter()
            .enumerate()
            .map(|(i, day)| (i.to_string(), when::weekday_name(*day, lang).to_owned()))
            .collect()
    });
    let approvals = approval_options();
    let rotation_chips = names
        .into_iter()
        .map(|(id, name)| {
            let chosen_id = id.clone();
            let turn = Memo::new(move |_| rotation.with(|r| r.iter().position(|u| *u == chosen_id).map(|i| i + 1)));
            let add = id.clone();
            view! {
                <button
                    type="button"
                    class="chip-button"
                    aria-pressed=move || turn.get().is_some().to_string()
                    on:click=move |_| rotation.update(|r| if !r.contains(&add) { r.push(add.clone()) })
                >
                    {move || turn.get().map(|n| format!("{n}. "))}
                    {name}
                </button>
            }
        })
        .collect_view();

    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <Input label=label(|i| t_string!(i, f_title).to_string()) value=title name="title" max=40/>
            <Select label=label(|i| t_string!(i, f_kind).to_string()) value=kind name="kind" options=kinds/>
            <fieldset class="field">
                <legend>{t!(i18n, f_rule)}</legend>
                <div class="pair">
                    <Select label=label(|i| t_string!(i, f_week).to_string()) value=week name="week" options=weeks/>
                    <Select label=label(|i| t_string!(i, f_weekday).to_string()) value=weekday name="weekday" options=weekdays/>
                </div>
            </fieldset>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_first_month).to_string()) value=first_month name="first_month" kind="month"/>
                <Input label=label(|i| t_string!(i, f_months).to_string()) value=months name="months" kind="number" max=2/>
            </div>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_starts).to_string()) value=starts name="starts" kind="time"/>
                <Input label=label(|i| t_string!(i, f_ends).to_string()) value=ends name="ends" kind="time"/>
            </div>
            <fieldset class="field">
                <legend>{t!(i18n, f_rotation)}</legend>
                <div class="chip-buttons">{rotation_chips}</div>
                <button type="button" class="button" on:click=move |_| rotation.set(Vec::new())>{t!(i18n, rotation_clear)}</button>
            </fieldset>
            <TextArea label=label(|i| t_string!(i, f_goods).to_string()) value=goods name="goods"/>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_contact_name).to_string()) value=contact_name name="contact_name" max=20/>
                <Input label=label(|i| t_string!(i, f_contact_phone).to_string()) value=contact_phone name="contact_phone" kind="tel" max=20/>
            </div>
            <Select label=label(|i| t_string!(i, f_approval).to_string()) value=approval name="approval" options=approvals/>
            <section aria-labelledby="preview-heading">
                <h2 id="preview-heading">{t!(i18n, preview)}</h2>
                {preview}
            </section>
            <ProblemLine text=problem/>
            {move || published.get().map(|count| view! {
                <p class="notice" role="status">
                    {t!(i18n, series_created, count = move || count)} " "
                    <a rel="external" href=paths::MARKETS>{t!(i18n, see_in_list)}</a>
                </p>
            })}
            <button type="submit" class="button primary" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { t_string!(i18n, publishing) } else { t_string!(i18n, publish) }}
            </button>
        </form>
    }
}
