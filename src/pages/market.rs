//! `/m/{id}`: one market, as opened from a link in a WeChat group. When and where (with a map link),
//! who hosts it and whom to call, free stalls, what it is for, and two actions: add it to the
//! phone's calendar, copy a text to share.

use jishi_core::{
    market::{Market, MarketStatus, Venue},
    when, ErrorCode, Lang,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{self, ApiError},
    app::{paths, use_page_title},
    components::{empty_state::EmptyState, icons::SignpostIcon},
    i18n::*,
    prefs::use_prefs,
    url,
};

/// The market page.
#[component]
pub fn MarketPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let market = LocalResource::new(move || {
        let id = id();
        async move { api::market(&id).await }
    });
    let title = RwSignal::new(String::new());
    use_page_title(move || title.get());
    let content = move || {
        Suspend::new(async move {
            match market.await {
                Ok(market) => {
                    title.set(market.title.clone());
                    view! { <MarketDetails market/> }.into_any()
                }
                Err(ApiError::Server {
                    code: ErrorCode::NotFound,
                    ..
                }) => view! {
                    <EmptyState
                        title=Signal::derive(move || t_string!(i18n, not_found_title).to_string())
                        body=Signal::derive(move || t_string!(i18n, market_not_found).to_string())
                    >
                        <SignpostIcon/>
                    </EmptyState>
                }
                .into_any(),
                Err(_) => {
                    view! { <p class="card muted">{t!(i18n, markets_load_failed)}</p> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="page">
            <a class="back" href=paths::MARKETS>{t!(i18n, back_to_markets)}</a>
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"><div class="bone"></div><div class="bone"></div></div> }>
                {content}
            </Suspense>
        </div>
    }
    .into_any()
}

#[component]
fn MarketDetails(market: Market) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let copied = RwSignal::new(None::<bool>);
    let (start, end) = (market.starts_at, market.ends_at);
    let day = move || {
        format!(
            "{} {}",
            when::day_label(start, prefs.lang.get()),
            when::time_range(start, end)
        )
    };
    let status_note = match market.status {
        MarketStatus::Scheduled => None,
        MarketStatus::Cancelled | MarketStatus::Postponed => market.status_reason.clone(),
    };
    let share = share_text(&market);
    let share_for_copy = share.clone();
    let copy = move |_| {
        let text = share_for_copy.clone();
        leptos::task::spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await;
            copied.set(Some(done.is_ok()));
        });
    };
    let (free, total) = (market.stalls.free, market.stalls.total);
    view! {
        <h1>{market.title.clone()}</h1>
        {status_note.map(|reason| view! { <p class="status-note" role="note">{move || t_string!(i18n, status_cancelled)} "：" {reason}</p> })}
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, when_label)}</dt>
                <dd>{day}</dd>
                <dt>{t!(i18n, where_label)}</dt>
                <dd>
                    {market.venue.name.clone()}
                    <br/>
                    <span class="muted">{format!("{} · {} · {}", market.venue.town, market.venue.village, market.venue.address)}</span>
                    <br/>
                    <a href=map_link(&market.venue) target="_blank" rel="noopener">{t!(i18n, open_map)}</a>
                </dd>
                <dt>{t!(i18n, host_label)}</dt>
                <dd>{market.host_unit.name.clone()}</dd>
                <dt>{t!(i18n, contact_label)}</dt>
                <dd>
                    {market.contact.name.clone()} " "
                    <a href=format!("tel:{}", market.contact.phone.replace([' ', '-'], ""))>{market.contact.phone.clone()}</a>
                </dd>
                <dt>{t!(i18n, stalls_label)}</dt>
                <dd>{t!(i18n, stalls_of, free = move || free, total = move || total)}</dd>
                <dt>{t!(i18n, goods_label)}</dt>
                <dd>{market.goods.clone()}</dd>
            </dl>
        </section>
        {(market.status == MarketStatus::Scheduled && market.stalls.total > 0).then(|| view! {
            // The stall map and booking are the second app's: a full load, after login.
            <a class="button primary" rel="external" href=paths::book_stall(&market.id)>{t!(i18n, book_stall)}</a>
        })}
        <div class="actions">
            <a class="button" href=api::market_calendar_url(&market.id) download>{t!(i18n, add_to_calendar)}</a>
            <button type="button" class="button primary" on:click=copy>{t!(i18n, copy_share)}</button>
        </div>
        {move || match copied.get() {
            Some(true) => Some(view! { <p class="muted" role="status">{t!(i18n, copied)}</p> }.into_any()),
            // WeChat's browser may refuse the clipboard: show the text to long-press instead.
            Some(false) => Some(view! {
                <div role="status">
                    <p class="muted">{t!(i18n, copy_failed)}</p>
                    <p class="card share-text">{share.clone()}</p>
                </div>
            }.into_any()),
            None => None,
        }}
    }
}

/// The text a villager pastes into a WeChat group (in Chinese: that is what the group reads).
fn share_text(market: &Market) -> String {
    let url = window().location().href().unwrap_or_default();
    format!(
        "【集市通】{}\n时间：{} {}\n地点：{}{} {}\n牵头单位：{}\n空余摊位：{}/{}\n{url}",
        market.title,
        when::day_label(market.starts_at, Lang::ZhCn),
        when::time_range(market.starts_at, market.ends_at),
        market.venue.town,
        market.venue.village,
        market.venue.name,
        market.host_unit.name,
        market.stalls.free,
        market.stalls.total,
    )
}

/// Amap's URI opens the map app when installed and its web map otherwise: a marker at the venue's
/// GCJ-02 point, or a search for its address when an organiser typed in a place without one.
fn map_link(venue: &Venue) -> String {
    match venue.point() {
        Some((lat, lng)) => format!(
            "https://uri.amap.com/marker?position={lng},{lat}&name={}&coordinate=gaode&callnative=1",
            url::encode(&venue.name, "")
        ),
        None => format!(
            "https://uri.amap.com/search?keyword={}&callnative=1",
            url::encode(&venue.address, "")
        ),
    }
}
