//! 集市: the coming markets grouped by day, the first screen a villager sees from a shared link.

use jishi_core::{market::Market, when};
use leptos::prelude::*;

use crate::{
    api,
    app::use_page_title,
    components::{empty_state::EmptyState, icons::CalendarIcon, market_card::MarketCard},
    i18n::*,
    prefs::use_prefs,
};

/// The schedule from today on.
#[component]
pub fn MarketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    use_page_title(move || t_string!(i18n, markets_title).to_string());
    let markets = LocalResource::new(api::upcoming_markets);
    let schedule = move || {
        Suspend::new(async move {
            match markets.await {
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
            }
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
