//! 集市: the coming markets grouped by day, the first screen a villager sees from a shared link, or
//! one month as a calendar. The filters and the view live in the URL ([`ScheduleQuery`]), so every
//! chip is a plain link that works before the app runs.

mod month;
mod query;

use jishi_core::{
    market::{Market, MarketKind},
    monthly::YearMonth,
    when,
};
use leptos::prelude::*;

use self::month::MonthCalendar;
pub use self::query::ScheduleQuery;
use crate::{
    empty_state::EmptyState,
    filter_chips::{Choice, FilterChips},
    i18n::*,
    icons::CalendarIcon,
    market_card::MarketCard,
    paths,
    today::use_today,
};

/// The page's name (its heading, and the browser tab's title with [`tab_title`]).
pub fn page_name() -> String {
    t_string!(use_i18n(), markets_title).to_string()
}

/// The page's frame: its heading with the 列表 | 月历 switch, then `children` (the [`Schedule`], or
/// what stands in for it while it loads).
#[component]
pub fn ScheduleFrame(
    /// What the URL asks for.
    #[prop(into)]
    query: Signal<ScheduleQuery>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <header class="page-head">
                <h1>{t!(i18n, markets_title)}</h1>
                <ViewSwitch query/>
            </header>
            {children()}
        </div>
    }
}

/// The schedule: a note when it is the copy saved on the phone, the filters, and the markets by
/// day (or the month's calendar).
#[component]
pub fn Schedule(
    /// What the URL asks for.
    query: ScheduleQuery,
    /// The markets of the list (from today) or of the month, soonest first, before filtering.
    markets: Vec<Market>,
    /// When the phone saved this copy (unix seconds), if it is not live.
    #[prop(optional)]
    saved_at: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let towns = towns_of(&markets);
    // The soonest market of all, to point to when the filters leave nothing.
    let next = markets.first().cloned();
    let kept: Vec<Market> = markets
        .into_iter()
        .filter(|m| query.town.as_ref().is_none_or(|t| &m.venue.town == t))
        .filter(|m| query.kind.is_none_or(|k| m.kind == k))
        .collect();
    let saved_note = saved_at.map(|at| {
        let when = move || when::moment_label(at, lang.get());
        view! { <p class="notice" role="status">{t!(i18n, saved_schedule_note, when = when)}</p> }
    });
    let filters = view! { <Filters towns query=query.clone()/> };
    let body = match (query.month, next) {
        (Some(month), _) => view! { <MonthCalendar query month markets=kept/> }.into_any(),
        (None, Some(next)) if kept.is_empty() => {
            let day = move || when::day_label(next.starts_at, lang.get());
            view! {
                <section class="card empty">
                    <h2>{t!(i18n, filter_none_match)}</h2>
                    <p>
                        {t!(i18n, next_market)} " " {day} " "
                        <a href=paths::market(&next.id)>{next.title.clone()}</a>
                    </p>
                    <a class="button" href=paths::MARKETS>{t!(i18n, filter_clear)}</a>
                </section>
            }
            .into_any()
        }
        (None, None) => view! {
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, markets_empty_title).to_string())
                body=Signal::derive(move || t_string!(i18n, markets_empty_body).to_string())
            >
                <CalendarIcon/>
            </EmptyState>
        }
        .into_any(),
        (None, Some(_)) => by_day(kept)
            .into_iter()
            .map(|day| {
                let first = day[0].starts_at;
                view! {
                    <section class="day" aria-label=move || when::day_label(first, lang.get())>
                        <h2 class="day-label">{move || when::day_label(first, lang.get())}</h2>
                        {day.into_iter().map(|market| view! { <MarketCard market/> }).collect_view()}
                    </section>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! { {saved_note} {filters} {body} }
}

/// What is missing when the schedule did not load (the connection banner says why).
#[component]
pub fn ScheduleFailed() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="card muted">{t!(i18n, markets_load_failed)}</p> }
}

/// 列表 | 月历: two links that keep the filters.
#[component]
fn ViewSwitch(query: Signal<ScheduleQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let today = use_today();
    let list = move || {
        ScheduleQuery {
            month: None,
            day: None,
            ..query.get()
        }
        .href()
    };
    let calendar = move || {
        let current = query.get();
        ScheduleQuery {
            month: Some(current.month.unwrap_or_else(|| YearMonth::of(today))),
            ..current
        }
        .href()
    };
    let in_calendar = move || query.get().month.is_some();
    view! {
        <nav class="segmented" aria-label=move || t_string!(i18n, view_switch)>
            <a href=list aria-current=move || (!in_calendar()).then_some("page")>{t!(i18n, view_list)}</a>
            <a href=calendar aria-current=move || in_calendar().then_some("page")>{t!(i18n, view_month)}</a>
        </nav>
    }
}

/// The town and kind chips, folded under one line that says what is chosen ("筛选：新桥镇 · 节庆集市",
/// with 清除 to drop it): folded, the first market is on the first screen also in elder mode and at
/// 200% text. Their links keep the other filter, the view and the month. A `<details>`, so it opens
/// before the app runs too.
#[component]
fn Filters(towns: Vec<String>, query: ScheduleQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (town, kind) = (query.town.clone(), query.kind);
    let filtered = town.is_some() || kind.is_some();
    let chosen = {
        let town = town.clone();
        move || match (town.clone(), kind) {
            (None, None) => t_string!(i18n, filter_none_chosen).to_string(),
            (Some(town), None) => town,
            (None, Some(kind)) => kind_name(i18n, kind),
            (Some(town), Some(kind)) => format!("{town} · {}", kind_name(i18n, kind)),
        }
    };
    let unfiltered = ScheduleQuery {
        town: None,
        kind: None,
        day: None,
        ..query.clone()
    }
    .href();
    let link = move |town: Option<&str>, kind: Option<MarketKind>| {
        ScheduleQuery {
            town: town.map(str::to_owned),
            kind,
            day: None,
            ..query.clone()
        }
        .href()
    };
    let all = || Choice {
        value: None,
        label: t_string!(i18n, filter_all).to_string(),
    };
    let mut town_choices = vec![all()];
    town_choices.extend(towns.into_iter().map(|t| Choice {
        value: Some(t.clone()),
        label: t,
    }));
    let mut kind_choices = vec![all()];
    for kind in [
        MarketKind::ProduceFair,
        MarketKind::TrunkMarket,
        MarketKind::Festival,
    ] {
        kind_choices.push(Choice {
            value: Some(kind.as_str().to_owned()),
            label: kind_name(i18n, kind),
        });
    }
    let town_for_kinds = town.clone();
    let link_for_kinds = link.clone();
    let chips = view! {
        <FilterChips
            label=t_string!(i18n, filter_town).to_string()
            choices=town_choices
            current=town
            href=Callback::new(move |value: Option<String>| link(value.as_deref(), kind))
        />
        <FilterChips
            label=t_string!(i18n, filter_kind).to_string()
            choices=kind_choices
            current=kind.map(|k| k.as_str().to_owned())
            href=Callback::new(move |value: Option<String>| {
                link_for_kinds(town_for_kinds.as_deref(), value.as_deref().and_then(MarketKind::parse))
            })
        />
    };
    view! {
        <div class="filters">
            <details>
                <summary>{t!(i18n, filter_title)} "：" <strong>{chosen}</strong></summary>
                {chips}
            </details>
            {filtered.then(|| view! { <a class="filters-clear" href=unfiltered>{t!(i18n, filter_clear_short)}</a> })}
        </div>
    }
}

/// The towns of a schedule, in order of their first market.
fn towns_of(markets: &[Market]) -> Vec<String> {
    let mut towns: Vec<String> = Vec::new();
    for market in markets {
        if !towns.contains(&market.venue.town) {
            towns.push(market.venue.town.clone());
        }
    }
    towns
}

/// Consecutive markets of the same China date, in order (the list comes sorted).
fn by_day(markets: Vec<Market>) -> Vec<Vec<Market>> {
    let mut days: Vec<Vec<Market>> = Vec::new();
    for market in markets {
        match days.last_mut() {
            Some(day)
                if when::china_date(day[0].starts_at) == when::china_date(market.starts_at) =>
            {
                day.push(market)
            }
            _ => days.push(vec![market]),
        }
    }
    days
}
