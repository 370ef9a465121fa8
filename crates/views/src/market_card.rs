//! One market in the schedule: when, what, where, who hosts it, and whether stalls are free.

use jishi_core::{
    market::{Market, MarketStatus},
    when,
};
use leptos::prelude::*;

use crate::{i18n::*, paths};

/// The card of one market (its day is the heading above it).
#[component]
pub fn MarketCard(
    /// The market to show.
    market: Market,
) -> impl IntoView {
    let i18n = use_i18n();
    let hours = when::time_range(market.starts_at, market.ends_at);
    let kind = market.kind;
    let kind_label = move || kind_name(i18n, kind);
    let status = market.status;
    let reason = market.status_reason.clone().unwrap_or_default();
    let status_note = move || match status {
        MarketStatus::Scheduled => None,
        MarketStatus::Cancelled => Some(format!("{}：{reason}", t_string!(i18n, status_cancelled))),
        MarketStatus::Postponed => Some(format!("{}：{reason}", t_string!(i18n, status_postponed))),
    };
    let place = format!(
        "{} · {} · {}",
        market.venue.town, market.venue.village, market.venue.name
    );
    let stalls = market.stalls;
    view! {
        // The name first: it is the card's link and what a reader looks for (the day is the heading
        // above), and at 200% text it is then still on the first screen.
        <article class="card market" class:cancelled=status != MarketStatus::Scheduled>
            <h3><a href=paths::market(&market.id)>{market.title}</a></h3>
            <p class="market-when">
                <strong>{hours}</strong>
                <span class="chip">{kind_label}</span>
            </p>
            {move || status_note().map(|note| view! { <p class="status-note" role="note">{note}</p> })}
            <p class="muted">{place}</p>
            <p class="muted">{move || t_string!(i18n, host_label)} "：" {market.host_unit.name}</p>
            <p class="stalls">
                {if stalls.laid_out() {
                    view! { {move || t_string!(i18n, stalls_free)} " " <strong>{format!("{} / {}", stalls.free, stalls.total)}</strong> }.into_any()
                } else {
                    view! { <span class="muted">{move || t_string!(i18n, stalls_pending)}</span> }.into_any()
                }}
            </p>
        </article>
    }
}
