//! 集市: the coming markets grouped by day, the first screen a villager sees from a shared link, or
//! one month as a calendar.

mod month;
mod query;

use jishi_core::{
    market::{Market, MarketKind},
    monthly::YearMonth,
    when,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use self::{month::MonthCalendar, query::ScheduleQuery};
use crate::{
    api::{self, ApiError},
    app::{paths, use_page_title},
    clock,
    components::{
        empty_state::EmptyState,
        filter_chips::{Choice, FilterChips},
        icons::CalendarIcon,
        market_card::MarketCard,
    },
    i18n::*,
    prefs::use_prefs,
    saved_schedule::{self, SavedSchedule},
};

/// The schedule from today on, or a month's calendar.
#[component]
pub fn MarketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    use_page_title(move || t_string!(i18n, markets_title).to_string());
    let query_map = use_query_map();
    let query = Memo::new(move |_| ScheduleQuery::read(&query_map.read()));
    let month = Memo::new(move |_| query.get().month);
    let markets = LocalResource::new(move || load_schedule(month.get()));
    let schedule = move || {
        // Read the query before awaiting, so a change of filter or day re-renders the list.
        let query = query.get();
        let (town_filter, kind_filter) = (query.town.clone(), query.kind);
        Suspend::new(async move {
            let (saved_at, result) = match markets.await {
                Ok(Fetched::Live(list)) => (None, Ok(list)),
                Ok(Fetched::Saved(saved)) => (Some(saved.saved_at), Ok(saved.markets)),
                Err(error) => (None, Err(error)),
            };
            let towns = result
                .as_ref()
                .map(|list| towns_of(list))
                .unwrap_or_default();
            let filters = view! { <Filters towns query=query.clone()/> };
            let filtered = result.map(|list| {
                // The soonest market of all, to point to when the filters leave nothing.
                let next = list.first().cloned();
                let kept: Vec<Market> = list
                    .into_iter()
                    .filter(|m| town_filter.as_ref().is_none_or(|t| &m.venue.town == t))
                    .filter(|m| kind_filter.is_none_or(|k| m.kind == k))
                    .collect();
                (next, kept)
            });
            let saved_note = saved_at.map(|at| {
                let when = move || when::moment_label(at, prefs.lang.get());
                view! { <p class="notice" role="status">{t!(i18n, saved_schedule_note, when = when)}</p> }
            });
            let body = match (query.month, filtered) {
                (Some(month), Ok((_, list))) => view! { <MonthCalendar query month markets=list/> }.into_any(),
                (None, filtered) => match filtered {
                    Ok((Some(next), list)) if list.is_empty() => {
                        let day = move || when::day_label(next.starts_at, prefs.lang.get());
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
                    Ok((_, list)) if list.is_empty() => view! {
                        <EmptyState
                            title=Signal::derive(move || t_string!(i18n, markets_empty_title).to_string())
                            body=Signal::derive(move || t_string!(i18n, markets_empty_body).to_string())
                        >
                            <CalendarIcon/>
                        </EmptyState>
                    }
                    .into_any(),
                    Ok((_, list)) => by_day(list)
                        .into_iter()
                        .map(|day| {
                            let first = day[0].starts_at;
                            view! {
                                <section class="day" aria-label=move || when::day_label(first, prefs.lang.get())>
                                    <h2 class="day-label">{move || when::day_label(first, prefs.lang.get())}</h2>
                                    {day.into_iter().map(|market| view! { <MarketCard market/> }).collect_view()}
                                </section>
                            }
                        })
                        .collect_view()
                        .into_any(),
                    Err(_) => load_failed().into_any(),
                },
                // The connection banner above already says why; this says what is missing.
                (Some(_), Err(_)) => load_failed().into_any(),
            };
            view! { {saved_note} {filters} {body} }
        })
    };
    view! {
        <div class="page">
            <header class="page-head">
                <h1>{t!(i18n, markets_title)}</h1>
                <ViewSwitch query/>
            </header>
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"><div class="bone"></div><div class="bone"></div></div> }>
                {schedule}
            </Suspense>
        </div>
    }
    .into_any()
}

/// What is missing when the schedule did not load (the connection banner says why).
fn load_failed() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="card muted">{t!(i18n, markets_load_failed)}</p> }
}

/// 列表 | 月历: two links that keep the filters.
#[component]
fn ViewSwitch(query: Memo<ScheduleQuery>) -> impl IntoView {
    let i18n = use_i18n();
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
            month: Some(
                current
                    .month
                    .unwrap_or_else(|| YearMonth::of(clock::today())),
            ),
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

/// The town and kind chips; their links keep the other filter, the view and the month.
#[component]
fn Filters(towns: Vec<String>, query: ScheduleQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (town, kind) = (query.town.clone(), query.kind);
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
    view! {
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

/// The schedule, and whether it is live or what the phone saved last time.
#[derive(Debug, Clone)]
enum Fetched {
    Live(Vec<Market>),
    Saved(SavedSchedule),
}

/// Fetches the coming markets (and saves them), or one month's; without a network, falls back to
/// the saved schedule (for a month: the part of it in that month).
async fn load_schedule(month: Option<YearMonth>) -> Result<Fetched, ApiError> {
    let fetched = match month {
        None => api::markets_between(None, None).await,
        Some(month) => {
            let last = month.next().first_day().previous_day();
            api::markets_between(Some(month.first_day()), last).await
        }
    };
    match fetched {
        Ok(list) => {
            if month.is_none() {
                saved_schedule::save(&list);
            }
            Ok(Fetched::Live(list))
        }
        Err(ApiError::Unreachable) => {
            let mut saved = saved_schedule::load().ok_or(ApiError::Unreachable)?;
            if let Some(month) = month {
                saved
                    .markets
                    .retain(|m| YearMonth::of(when::china_date(m.starts_at)) == month);
            }
            Ok(Fetched::Saved(saved))
        }
        Err(error) => Err(error),
    }
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
