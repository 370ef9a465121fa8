//! `/organise/reports`: the 共富 report an organiser sends the district — for a month or a quarter,
//! of one of their host units or all of them: markets held by kind, stalls offered, booked and
//! attended, the no-show rate, stallholders by village with the priority households among them,
//! visitors, the workshops and products shown. The table for Excel, and an A4 page to print
//! (`@media print` in the stylesheet: the controls go, the report stays).

use jishi_core::{
    api::User,
    market::HostUnit,
    report::{Period, Report},
    when, Lang,
};
use leptos::{prelude::*, task::spawn_local};

use super::my_units;
use crate::components::bars::{Bar, Bars};
use crate::components::fields::{label, Select};
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::download::save_csv;
use crate::form_page::{FormPage, Waiting};
use crate::wechat::{in_wechat, WayOutOfWechat};
use crate::{api, clock::today, fetch::Fetch, i18n::*, session::use_session};

/// How many months, and quarters, back the period list reaches.
const MONTHS_BACK: usize = 12;
const QUARTERS_BACK: usize = 4;

/// The page: the period and unit to report on, the report, and the ways to hand it on.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let session = use_session();
    let this_month = Period::Month(jishi_core::monthly::YearMonth::of(today()));
    // Reports are made once a month is over: last month first.
    let period = RwSignal::new(this_month.previous().to_string());
    let unit = RwSignal::new(String::new());
    let all_units = Fetch::new(|| async { api::host_units().await.unwrap_or_default() });
    let periods = Signal::derive(move || period_choices(this_month, lang.get()));
    let units = Signal::derive(move || {
        let user: Option<User> = session.user.get();
        let all: Vec<HostUnit> = all_units.get().unwrap_or_default();
        let mine = user.map(|user| my_units(&user, all)).unwrap_or_default();
        let mut choices = vec![(String::new(), t_string!(i18n, report_all_units).to_string())];
        choices.extend(mine.into_iter().map(|unit| (unit.id, unit.name)));
        choices
    });
    let chosen = move || {
        let period = Period::parse(&period.get()).unwrap_or(this_month.previous());
        let unit = Some(unit.get()).filter(|unit| !unit.is_empty());
        (period, unit)
    };
    let report = Fetch::keeping_last(move || {
        let (period, unit) = chosen();
        async move { (period, api::report(period, unit.as_deref()).await) }
    });
    let export_problem = RwSignal::new(None::<String>);
    let export = move |_| {
        let (period, unit) = chosen();
        spawn_local(async move {
            match api::report_csv(period, unit.as_deref()).await {
                Ok(csv) => save_csv(&csv, &format!("jishi-report-{period}.csv")),
                Err(error) => export_problem.set(Some(api_error_text(&error))),
            }
        });
    };
    let shown = move || match report.get() {
        None => view! { <Waiting/> }.into_any(),
        Some((period, Ok(report))) => view! { <ReportView report period/> }.into_any(),
        Some((_, Err(error))) => {
            view! { <ErrorView error retry=Callback::new(move |()| report.refetch())/> }.into_any()
        }
    };
    view! {
        <FormPage title=label(|i| t_string!(i, reports_title).to_string())>
            <div class="no-print">
                <p class="muted">{t!(i18n, reports_intro)}</p>
                <div class="report-choice">
                    <Select label=label(|i| t_string!(i, report_period).to_string()) value=period name="period" options=periods/>
                    // One unit needs no choice.
                    {move || (units.with(Vec::len) > 2).then(|| view! {
                        <Select label=label(|i| t_string!(i, report_unit).to_string()) value=unit name="unit" options=units/>
                    })}
                </div>
            </div>
            {shown}
            {if in_wechat() {
                // WeChat's browser neither saves files nor prints: the way to one that does.
                view! { <div class="no-print"><WayOutOfWechat why=move || t_string!(i18n, wechat_no_print).to_string()/></div> }.into_any()
            } else {
                view! {
                    <div class="actions no-print">
                        <button type="button" class="button" on:click=export>{t!(i18n, export_csv)}</button>
                        <button type="button" class="button primary" on:click=move |_| { let _ = window().print(); }>
                            {t!(i18n, report_print)}
                        </button>
                    </div>
                    <p class="muted no-print">{t!(i18n, report_print_hint)}</p>
                }.into_any()
            }}
            <ProblemLine text=export_problem/>
        </FormPage>
    }
}

/// The months and quarters to choose from, the latest first, each `(2026-11, 2026年11月)`.
fn period_choices(this_month: Period, lang: Lang) -> Vec<(String, String)> {
    let months = std::iter::successors(Some(this_month), |p| Some(p.previous())).take(MONTHS_BACK);
    let quarters = std::iter::successors(Some(Period::quarter_of(this_month.from())), |p| {
        Some(p.previous())
    })
    .take(QUARTERS_BACK);
    months
        .chain(quarters)
        .map(|period| (period.to_string(), period.label(lang)))
        .collect()
}

/// The report itself: what prints.
#[component]
fn ReportView(report: Report, period: Period) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang().get_untracked();
    let units: Vec<String> = report.units.iter().map(|unit| unit.name.clone()).collect();
    let totals = report.totals;
    let tile = |value: String, name: String| {
        view! {
            <div class="count-tile">
                <strong>{value}</strong>
                <span>{name}</span>
            </div>
        }
    };
    let rate = totals
        .no_show_percent()
        .map_or_else(|| "–".to_owned(), |p| format!("{p}%"));
    let others = (report.markets_cancelled + report.markets_coming > 0).then(|| {
        let (cancelled, coming) = (report.markets_cancelled, report.markets_coming);
        view! { <p class="muted">{t!(i18n, report_markets_other, cancelled = cancelled, coming = coming)}</p> }
    });
    let head = view! {
        <header class="report-head">
            <h2>{t!(i18n, report_heading)}</h2>
            <p><strong>{units.join("、")}</strong> " · " {period.label(lang)}</p>
            <p class="muted">{format!("{} – {}", report.from, report.to)}</p>
        </header>
    };
    if report.markets_held == 0 {
        return view! {
            <article class="report">
                {head}
                <p class="card">{t!(i18n, report_none)}</p>
                {others}
            </article>
        }
        .into_any();
    }
    let heading = |first: String| (first, t_string!(i18n, report_count).to_string());
    let kinds: Vec<Bar> = report
        .by_kind
        .iter()
        .map(|kind| Bar::new(kind_name(i18n, kind.kind), kind.markets))
        .collect();
    let stalls = vec![
        Bar::new(t_string!(i18n, report_stalls_offered), totals.offered),
        Bar::new(t_string!(i18n, report_stalls_booked), totals.booked),
        Bar::new(t_string!(i18n, report_stalls_attended), totals.attended),
        Bar::new(t_string!(i18n, report_no_shows), totals.no_shows),
    ];
    let villages: Vec<Bar> = report
        .villages
        .iter()
        .map(|village| {
            let name = match village.village.as_str() {
                "" => t_string!(i18n, report_village_unknown).to_string(),
                name => name.to_owned(),
            };
            Bar {
                part: village.priority,
                ..Bar::new(name, village.stallholders)
            }
        })
        .collect();
    view! {
        <article class="report">
            {head}
            <section class="count-tiles report-tiles">
                {tile(report.markets_held.to_string(), t_string!(i18n, report_markets_held).to_string())}
                {tile(format!("{}/{}", totals.booked, totals.offered), t_string!(i18n, report_stalls_booked).to_string())}
                {tile(totals.attended.to_string(), t_string!(i18n, report_stalls_attended).to_string())}
                {tile(rate, t_string!(i18n, report_no_show_rate).to_string())}
                {tile(report.stallholders.to_string(), t_string!(i18n, report_stallholders).to_string())}
                {tile(report.priority_stallholders.to_string(), t_string!(i18n, report_priority).to_string())}
                {tile(totals.visitors.to_string(), t_string!(i18n, report_visitors).to_string())}
                {tile(report.products.len().to_string(), t_string!(i18n, report_products_shown).to_string())}
            </section>
            {others}
            <div class="report-charts">
            <section class="card">
                <h3>{t!(i18n, report_by_kind)}</h3>
                <Bars bars=kinds headings=heading(t_string!(i18n, report_by_kind).to_string()) class="report-bars"/>
            </section>
            <section class="card">
                <h3>{t!(i18n, report_stalls)}</h3>
                <Bars bars=stalls headings=heading(t_string!(i18n, report_stalls).to_string()) class="report-bars"/>
            </section>
            <section class="card">
                <h3>{t!(i18n, report_villages)}</h3>
                <p class="muted">{t!(i18n, report_villages_hint)}</p>
                <Bars bars=villages headings=heading(t_string!(i18n, report_villages).to_string())
                    class="report-bars" part_name=t_string!(i18n, report_priority).to_string()/>
            </section>
            </div>
            <section class="card">
                <h3>{t!(i18n, report_markets)}</h3>
                <ul class="list report-markets">
                    {report.markets.into_iter().map(|market| {
                        let counts = market.counts;
                        let day = when::day_label(
                            market.day.midnight().assume_offset(jishi_core::market::CHINA),
                            lang,
                        );
                        view! {
                            <li>
                                <p><strong>{day}</strong> " " {market.title}</p>
                                <p class="muted">
                                    {t!(i18n, report_market_line, booked = counts.booked, offered = counts.offered,
                                        attended = counts.attended, visitors = counts.visitors)}
                                </p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            <section class="card">
                <h3>{t!(i18n, report_workshops)}</h3>
                <ul class="list report-shown">
                    {report.workshops.into_iter().map(|workshop| {
                        let (products, markets) = (workshop.products, workshop.markets);
                        view! {
                            <li>
                                <p><strong>{workshop.name}</strong> " " <span class="muted">{workshop.village}</span></p>
                                <p class="muted">{t!(i18n, report_workshop_line, products = products, markets = markets)}</p>
                            </li>
                        }
                    }).collect_view()}
                    {report.products.into_iter().map(|product| {
                        let markets = product.markets;
                        view! {
                            <li>
                                <p>{product.name} " " <span class="muted">{product.workshop}</span></p>
                                <p class="muted">{t!(i18n, report_product_line, markets = markets)}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </article>
    }
    .into_any()
}
