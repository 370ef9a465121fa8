//! 集市: the coming markets (the first screen a villager sees from a shared link) or one month, as
//! drawn by `jishi_views::markets`. This page loads them, saves the list for weak networks, and
//! falls back to the saved copy when the network fails.

use jishi_core::{market::Market, monthly::YearMonth, when};
use jishi_views::{
    markets::{page_name, Schedule, ScheduleFailed, ScheduleFrame, ScheduleQuery},
    share,
};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{origin, use_page_title, Loading},
    fetch::Fetch,
    retry::use_retry,
    router::use_query_map,
    saved_schedule::{self, SavedSchedule},
    wechat::use_share_card,
};

/// The schedule from today on, or a month's calendar.
#[component]
pub fn MarketsPage() -> impl IntoView {
    use_page_title(page_name);
    use_share_card(|| Some(share::schedule_card(&origin())));
    let query_map = use_query_map();
    let query = Memo::new(move |_| ScheduleQuery::read(|key| query_map.read().get(key)));
    let month = Memo::new(move |_| query.get().month);
    let retry = use_retry();
    let markets = Fetch::new(move || {
        retry.track();
        load_schedule(month.get())
    });
    let schedule = move || {
        let query = query.get();
        match markets.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(Fetched::Live(markets))) => view! { <Schedule query markets/> }.into_any(),
            Some(Ok(Fetched::Saved(saved))) => {
                view! { <Schedule query markets=saved.markets saved_at=saved.saved_at/> }.into_any()
            }
            Some(Err(_)) => view! { <ScheduleFailed/> }.into_any(),
        }
    };
    view! { <ScheduleFrame query>{schedule}</ScheduleFrame> }
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
    match api::schedule(month).await {
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
