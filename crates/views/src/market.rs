//! `/m/{id}`: one market, as opened from a link in a WeChat group. When and where (with a map link),
//! who hosts it and whom to call, free stalls and when they can be booked, what it is for, the
//! way to the stall map, and two actions: add it to the
//! phone's calendar, and share it. Every link works before the app runs; the share text is there to
//! long-press too, for a phone without scripts or whose WeChat refuses the clipboard.

use jishi_core::{
    market::{Market, MarketStatus, StallSummary, Venue},
    url, when, Lang,
};
use leptos::prelude::*;

use crate::{
    booking_window::BookingWindowNote,
    empty_state::EmptyState,
    i18n::*,
    icons::SignpostIcon,
    open_in_browser::{Copier, OpenInBrowser},
    paths,
    today::use_now,
};

/// The page's frame: the way back to the schedule, then `children` (the [`MarketDetails`], or what
/// stands in for them).
#[component]
pub fn MarketFrame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <a class="back" href=paths::MARKETS>{t!(i18n, back_to_markets)}</a>
            {children()}
        </div>
    }
}

/// Everything about one market.
#[component]
pub fn MarketDetails(
    market: Market,
    /// `https://host` the page was opened on, for the link in the share text.
    origin: String,
    /// Copies the share text (the app's; the server's page has none, its text is long-pressed).
    #[prop(default = None)]
    share_copier: Option<Copier>,
    /// Opened in WeChat's browser, which saves no calendar file: a tap on 加入日历 shows the way out
    /// to the phone's browser, whose link this copies. (The link itself is drawn as everywhere, so
    /// the app's drawing is the server's.)
    #[prop(default = None)]
    in_wechat: Option<Copier>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (start, end) = (market.starts_at, market.ends_at);
    let day = move || when::day_and_hours(start, end, lang.get());
    let status = market.status;
    let status_note = (status != MarketStatus::Scheduled).then(|| {
        let reason = market.status_reason.clone().unwrap_or_default();
        let word = move || match status {
            MarketStatus::Postponed => t_string!(i18n, status_postponed),
            _ => t_string!(i18n, status_cancelled),
        };
        view! { <p class="status-note" role="note">{word} "：" {reason}</p> }
    });
    let page_link = format!("{origin}{}", paths::market(&market.id));
    let way_out = RwSignal::new(false);
    let add_to_calendar = move |event: leptos::ev::MouseEvent| {
        if in_wechat.is_some() {
            event.prevent_default();
            way_out.set(true);
        }
    };
    let share = share_text(&market, &origin);
    let copied = Signal::derive(move || share_copier.and_then(|c| c.copied.get()));
    let share_for_copy = share.clone();
    let copy = move |_| {
        if let Some(copier) = share_copier {
            copier.copy.run(share_for_copy.clone());
        }
    };
    let stalls = market.stalls;
    let booking = market.booking.state(use_now());
    let bookable = status == MarketStatus::Scheduled && stalls.laid_out();
    let lottery = market.booking.allocation == jishi_core::lottery::Allocation::Lottery;
    view! {
        <h1>{market.title.clone()}</h1>
        {status_note}
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
                <dd><StallCount stalls/></dd>
                {bookable.then(|| view! {
                    <dt>{t!(i18n, booking_label)}</dt>
                    <dd><BookingWindowNote state=booking lottery/></dd>
                })}
                <dt>{t!(i18n, goods_label)}</dt>
                <dd>{market.goods.clone()}</dd>
            </dl>
        </section>
        {bookable.then(|| view! {
            // The stall map and booking are the second app's: a full load, after login. Outside
            // the window the map is still worth a look, but nothing there can be booked.
            <a class="button primary" rel="external" href=paths::book_stall(&market.id)>
                {if booking.is_open() { t!(i18n, book_stall).into_any() } else { t!(i18n, see_stalls).into_any() }}
            </a>
        })}
        <div class="actions">
            <a id="add-to-calendar" class="button" href=paths::market_calendar(&market.id) download on:click=add_to_calendar>{t!(i18n, add_to_calendar)}</a>
            <button type="button" id="copy-share" class="button primary needs-script" on:click=copy>{t!(i18n, copy_share)}</button>
        </div>
        {move || match copied.get() {
            Some(true) => Some(view! { <p class="muted" role="status">{t!(i18n, copied)}</p> }.into_any()),
            // WeChat's browser may refuse the clipboard: the text below opens to long-press.
            Some(false) => Some(view! { <p class="muted" role="status">{t!(i18n, copy_failed)}</p> }.into_any()),
            None => None,
        }}
        <details class="share" open=move || copied.get() == Some(false)>
            <summary>{t!(i18n, share_text)}</summary>
            <p class="card share-text">{share}</p>
        </details>
        {move || way_out.get().then(|| in_wechat.map(|copier| view! {
            <OpenInBrowser why=Signal::derive(move || t_string!(i18n, wechat_no_calendar).to_string()) link=page_link.clone() copier/>
        }))}
    }
}

/// "空余 3 个，共 24 个", or "摊位待公布" while the market has no layout yet.
#[component]
pub fn StallCount(stalls: StallSummary) -> impl IntoView {
    let i18n = use_i18n();
    let StallSummary { free, total } = stalls;
    if stalls.laid_out() {
        t!(i18n, stalls_of, free = move || free, total = move || total).into_any()
    } else {
        t!(i18n, stalls_pending).into_any()
    }
}

/// The page of an id no market has.
#[component]
pub fn MarketMissing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <EmptyState
            title=Signal::derive(move || t_string!(i18n, not_found_title).to_string())
            body=Signal::derive(move || t_string!(i18n, market_not_found).to_string())
        >
            <SignpostIcon/>
        </EmptyState>
    }
}

/// The text a villager pastes into a WeChat group (in Chinese: that is what the group reads).
pub fn share_text(market: &Market, origin: &str) -> String {
    format!(
        "【集市通】{}\n时间：{}\n地点：{}{} {}\n牵头单位：{}\n{}\n{origin}{}",
        market.title,
        when::day_and_hours(market.starts_at, market.ends_at, Lang::ZhCn),
        market.venue.town,
        market.venue.village,
        market.venue.name,
        market.host_unit.name,
        market.stalls.in_chinese(),
        paths::market(&market.id),
    )
}

/// Amap's URI opens the map app when installed and its web map otherwise: a marker at the venue's
/// GCJ-02 point, or a search for its address when an organiser typed in a place without one.
fn map_link(venue: &Venue) -> String {
    match venue.map_position() {
        Some(position) => format!(
            "https://uri.amap.com/marker?position={position}&name={}&coordinate=gaode&callnative=1",
            url::encode(&venue.name, "")
        ),
        None => format!(
            "https://uri.amap.com/search?keyword={}&callnative=1",
            url::encode(&venue.address, "")
        ),
    }
}
