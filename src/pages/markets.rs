//! 集市: the coming markets grouped by day, the first screen a villager sees from a shared link.

use jishi_core::{market::Market, when};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    app::use_page_title,
    components::{empty_state::EmptyState, icons::CalendarIcon, market_card::MarketCard},
    i18n::*,
    prefs::use_prefs,
    saved_schedule::{self, SavedSchedule},
};

/// The schedule from today on.
#[component]
pub fn MarketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    use_page_title(move || t_string!(i18n, markets_title).to_string());
    let markets = LocalResource::new(load_schedule);
    let schedule = move || {
        Suspend::new(async move {
            let (saved_at, result) = match markets.await {
                Ok(Fetched::Live(list)) => (None, Ok(list)),
                Ok(Fetched::Saved(saved)) => (Some(saved.saved_at), Ok(saved.markets)),
                Err(error) => (None, Err(error)),
            };
            let saved_note = saved_at.map(|at| {
                let when = move || when::moment_label(at, prefs.lang.get());
                view! { <p class="notice" role="status">{t!(i18n, saved_schedule_note, when = when)}</p> }
            });
            let body = match result {
                Ok(list) if list.is_empty() => view! {
                    <EmptyState
                        title=Signal::derive(move || t_string!(i18n, markets_empty_title).to_string())
                        body=Signal::derive(move || t_string!(i18n, markets_empty_body).to_string())
                    >
                        <CalendarIcon/>
                    </EmptyState>
                }
                .into_any(),
                Ok(list) => by_day(list)
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
                // The connection banner above already says why; this says what is missing.
                Err(_) => view! { <p class="card muted">{t!(i18n, markets_load_failed)}</p> }.into_any(),
            };
            view! { {saved_note} {body} }
        })
    };
    view! {
        <div class="page">
            <h1>{t!(i18n, markets_title)}</h1>
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"><div class="bone"></div><div class="bone"></div></div> }>
                {schedule}
            </Suspense>
        </div>
    }
    .into_any()
}

/// The schedule, and whether it is live or what the phone saved last time.
#[derive(Debug, Clone)]
enum Fetched {
    Live(Vec<Market>),
    Saved(SavedSchedule),
}

/// Fetches the schedule and saves it; without a network, falls back to the saved one.
async fn load_schedule() -> Result<Fetched, ApiError> {
    match api::upcoming_markets().await {
        Ok(list) => {
            saved_schedule::save(&list);
            Ok(Fetched::Live(list))
        }
        Err(ApiError::Unreachable) => saved_schedule::load()
            .map(Fetched::Saved)
            .ok_or(ApiError::Unreachable),
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
