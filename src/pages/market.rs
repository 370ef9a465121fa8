//! `/m/{id}`: one market, as opened from a link in a WeChat group, drawn by `jishi_views::market`.
//! This page loads it, names the browser tab after it (and inside WeChat sets its share card),
//! and copies the share text. With no network
//! it shows the market as the saved schedule has it, marked so; the banner's 重试 loads it again.

use jishi_core::{market::Market, when, ErrorCode};
use jishi_views::{
    i18n::*,
    market::{MarketDetails, MarketFrame, MarketMissing},
    markets::ScheduleFailed,
    share,
};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    app::{origin, use_page_title, Loading},
    fetch::Fetch,
    retry::use_retry,
    router::use_params_map,
    saved_schedule,
    wechat::{in_wechat, use_share_card},
};

/// The market, live or as saved (unix seconds) in the schedule last seen.
#[derive(Debug, Clone)]
enum Loaded {
    Live(Market),
    Saved(Market, i64),
}

async fn load_market(id: String) -> Result<Loaded, ApiError> {
    match api::market(&id).await {
        Ok(market) => Ok(Loaded::Live(market)),
        Err(ApiError::Unreachable) => saved_schedule::load()
            .and_then(|saved| {
                let at = saved.saved_at;
                saved
                    .markets
                    .into_iter()
                    .find(|m| m.id == id)
                    .map(|m| Loaded::Saved(m, at))
            })
            .ok_or(ApiError::Unreachable),
        Err(error) => Err(error),
    }
}

/// The market page.
#[component]
pub fn MarketPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let retry = use_retry();
    let market = Fetch::new(move || {
        retry.track();
        load_market(id())
    });
    let title = RwSignal::new(String::new());
    use_page_title(move || title.get());
    let share_copier = Some(crate::clipboard::copier());
    // Inside WeChat, 加入日历 leads to the way out, whose link is copied apart from the share text.
    let in_wechat = in_wechat().then(crate::clipboard::copier);
    use_share_card(move || match market.get() {
        Some(Ok(Loaded::Live(market) | Loaded::Saved(market, _))) => {
            Some(share::market_card(&market, &origin()))
        }
        _ => None,
    });
    let content = move || {
        let origin = origin();
        match market.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(Loaded::Live(market))) => {
                title.set(market.title.clone());
                view! { <MarketDetails market origin share_copier in_wechat/> }.into_any()
            }
            Some(Ok(Loaded::Saved(market, saved_at))) => {
                title.set(market.title.clone());
                view! {
                    <SavedNote saved_at/>
                    <MarketDetails market origin share_copier in_wechat/>
                }
                .into_any()
            }
            Some(Err(ApiError::Server {
                code: ErrorCode::NotFound,
                ..
            })) => view! { <MarketMissing/> }.into_any(),
            Some(Err(_)) => view! { <ScheduleFailed/> }.into_any(),
        }
    };
    view! { <MarketFrame>{content}</MarketFrame> }
}

/// "Saved earlier", above a market shown from the saved schedule (the banner's 重试 tries again).
#[component]
fn SavedNote(saved_at: i64) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let when = move || when::moment_label(saved_at, lang.get());
    view! { <p class="notice" role="status">{t!(i18n, saved_schedule_note, when = when)}</p> }
}
