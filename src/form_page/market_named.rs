//! The line under an organiser page's heading that says which market the page is for: its title
//! and its day. Series markets share one title, so the day is what tells them apart.

use jishi_core::when;
use jishi_views::i18n::use_lang;
use leptos::prelude::*;
use time::OffsetDateTime;

use crate::{api, fetch::Fetch};

/// "蒋僧桥村助富集市 · 12月6日 周日 8:00–12:00", loaded by the market's id; nothing while it loads
/// or when it cannot (the page itself says what went wrong).
#[component]
pub fn MarketNamed(id: String) -> impl IntoView {
    let market = Fetch::new(move || {
        let id = id.clone();
        async move { api::market(&id).await.ok() }
    });
    move || {
        market.get().flatten().map(|m| {
            view! { <MarketLine title=m.title starts_at=m.starts_at ends_at=m.ends_at/> }
        })
    }
}

/// The line itself, from what is known of the market (the gate keeps it on the phone).
#[component]
pub fn MarketLine(
    title: String,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="market-named">
            <strong>{title}</strong>
            " · "
            <span>{move || when::day_and_hours(starts_at, ends_at, lang.get())}</span>
        </p>
    }
}
