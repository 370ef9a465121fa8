//! `/stall/m/{id}`: a market's stalls as a tappable map, zone by zone, each stall's state shown by
//! colour *and* by shape and word (free, pending, booked, closed) for those who cannot tell colours
//! apart; tapping a stall brings up its details and, while booking is open, the form to book it. The
//! market's day and its booking window are said above the map.

use jishi_core::{
    booking::{BookingRequest, WaitlistRequest},
    lottery::Allocation,
    market::{BookingWindow, Market, Stall, StallKind, StallStatus},
    when, ErrorCode,
};
use leptos::prelude::*;

use crate::components::fields::{label, Input, PlateField, PlateInput};
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::form_page::Back;
use crate::form_page::{FormPage, Waiting};
use crate::stall::lottery::LotteryPanel;
use crate::{
    api::{self, ApiError},
    app::paths,
    components::stall_zones::{status_word, Fee, StallZones},
    fetch::Fetch,
    i18n::*,
    router::{use_navigate, use_params_map},
};
use jishi_views::{
    booking_window::{BookingRefusedForTime, BookingWindowNote},
    today::use_now,
};

/// The stall map of a market, and booking a stall on it.
#[component]
pub fn BookStallPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let market = Fetch::new(move || {
        let id = id();
        async move { api::market(&id).await }
    });
    let stalls = Fetch::keeping_last(move || {
        let id = id();
        async move { api::stalls(&id).await }
    });
    let content = move || match (market.get(), stalls.get()) {
        (Some(Ok(market)), Some(Ok(list))) => view! {
            <StallMap market stalls=list on_change=Callback::new(move |()| stalls.refetch())/>
        }
        .into_any(),
        (Some(Err(error)), _) | (_, Some(Err(error))) => view! {
            <ErrorView error retry=Callback::new(move |()| {
                market.refetch();
                stalls.refetch();
            })/>
        }
        .into_any(),
        _ => view! { <Waiting/> }.into_any(),
    };
    let back = Back::Page(
        paths::market(&id()),
        t_string!(i18n, back_to_markets)
            .trim_start_matches('‹')
            .trim()
            .to_owned(),
    );
    view! {
        <FormPage title=label(|i| t_string!(i, book_stall).to_string()) back anyone=true>
            {content}
        </FormPage>
    }
}

#[component]
fn StallMap(market: Market, stalls: Vec<Stall>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = jishi_views::i18n::use_lang();
    let picked = RwSignal::new(None::<Stall>);
    let market_id = market.id.clone();
    let booking = market.booking.state(use_now());
    let open = booking.is_open();
    let full = market.stalls.laid_out() && market.stalls.free == 0;
    // The free stalls are all kept for priority households, as a refused booking said: the line
    // is the way to the next stall, as at a full market.
    let kept = RwSignal::new(false);
    let waitlist_market = market.id.clone();
    let (start, end) = (market.starts_at, market.ends_at);
    // Series markets share one title: the day tells them apart.
    let day = move || when::day_and_hours(start, end, lang.get());
    let window = market.booking.clone();
    let lottery = market.booking.allocation == Allocation::Lottery;
    // The zones one may ask for: those with a stall that is not closed (as the server checks).
    let mut zones: Vec<String> = stalls
        .iter()
        .filter(|s| s.status != StallStatus::Closed)
        .map(|s| s.zone.clone())
        .collect();
    zones.dedup();
    // The picked stall's details and form are below the map, off a phone's screen: bring them up.
    Effect::new(move |_| {
        if picked.with(Option::is_some) {
            request_animation_frame(|| {
                if let Some(panel) = document().get_element_by_id("stall-heading") {
                    panel.scroll_into_view();
                }
            });
        }
    });
    view! {
        <section class="card">
            <h2>{market.title.clone()}</h2>
            <p class="market-when"><strong>{day}</strong></p>
            <p class=if open { "muted" } else { "notice" }>
                <BookingWindowNote state=booking lottery/>
            </p>
            <StallZones stalls picked/>
        </section>
        {lottery.then(|| view! { <LotteryPanel market=market.clone() zones=zones.clone()/> })}
        {move || (open && (full || kept.get()) && !lottery)
            .then(|| view! { <Waitlist market_id=waitlist_market.clone() kept=!full/> })}
        {move || match picked.get() {
            // At a lottery market stalls are drawn, not picked.
            _ if lottery => ().into_any(),
            None => open.then(|| view! { <p class="notice">{t!(i18n, pick_stall)}</p> }).into_any(),
            Some(stall) => {
                view! { <StallPanel market_id=market_id.clone() window=window.clone() stall on_change kept/> }
                    .into_any()
            }
        }}
    }
}

/// The picked stall: what it is, and for a free one the form that books it.
#[component]
fn StallPanel(
    market_id: String,
    window: BookingWindow,
    stall: Stall,
    on_change: Callback<()>,
    /// Set when the server refuses because the free stalls are kept for priority households.
    kept: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Whether the server refused for the time (by its clock, which decides).
    let refused_for_time = RwSignal::new(false);
    let (opens_at, closes_at) = (window.opens_at, window.closes_at);
    let state_now = move || window.state(crate::clock::now_unix());
    let navigate = use_navigate();
    let goods = RwSignal::new(String::new());
    let plate = PlateField::new();
    let problem = RwSignal::new(None::<String>);
    // One key per attempt: a double tap or a retry after a dropped answer books once; a new attempt
    // after an answer (the plate added, say) is a new request with a new key.
    let fresh_key = || crate::random::opaque_id("book");
    let key = RwSignal::new(fresh_key());
    let car = stall.kind == StallKind::CarBay;
    let stall_id = stall.id.clone();
    let submit = Action::new_local(move |request: &BookingRequest| {
        let (request, market_id, key) = (request.clone(), market_id.clone(), key.get_untracked());
        async move { api::book_stall(&market_id, &request, &key).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(booking)) => navigate(&paths::ticket(&booking.id), Default::default()),
        Some(Err(error)) => {
            if matches!(
                error,
                ApiError::Server {
                    code: ErrorCode::StallTaken,
                    ..
                }
            ) {
                on_change.run(());
            }
            if error != ApiError::Unreachable {
                key.set(fresh_key());
            }
            if error.code() == Some(ErrorCode::KeptForHouseholds) {
                kept.set(true);
            }
            let closed = error.code() == Some(ErrorCode::BookingClosed);
            refused_for_time.set(closed);
            // A refused plate is said beside the plate.
            let beside = plate.refused(&error);
            problem.set((!closed && !beside).then(|| api_error_text(&error)));
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A new try: what the last answer said no longer stands.
        problem.set(None);
        let Ok(plate) = plate.checked() else { return };
        submit.dispatch(BookingRequest {
            stall_id: stall_id.clone(),
            goods: goods.get_untracked(),
            plate,
        });
    };
    let fee_fen = stall.fee_fen;
    let free = stall.status == StallStatus::Free;
    let open = state_now().is_open();
    view! {
        <section class="card form" aria-labelledby="stall-heading">
            <h2 id="stall-heading" class="big-code">{stall.code.clone()}</h2>
            <p class="muted">
                {stall.zone.clone()} " · "
                {move || if car { t_string!(i18n, stall_car_bay) } else { t_string!(i18n, stall_booth) }}
                 " · " {t!(i18n, fee)} " " <Fee fee_fen/>
                {stall.power.then(|| view! { " · " {move || t_string!(i18n, power)} })}
            </p>
            {(!stall.notes.is_empty()).then(|| view! { <p>{stall.notes.clone()}</p> })}
            {if free && open {
                view! {
                    <form class="form" on:submit=on_submit novalidate>
                        <Input label=label(|i| t_string!(i, f_goods_sell).to_string()) value=goods name="goods" max=100/>
                        {car.then(|| view! { <PlateInput plate/> })}
                        <ProblemLine text=problem/>
                        {move || refused_for_time.get().then(|| view! {
                            <p class="error" role="alert">
                                <BookingRefusedForTime opens_at closes_at/>
                            </p>
                        })}
                        <button type="submit" class="button primary" disabled=move || submit.pending().get()>
                            {move || if submit.pending().get() { t_string!(i18n, booking_now) } else { t_string!(i18n, book_this) }}
                        </button>
                    </form>
                }
                .into_any()
            } else if free {
                view! { <p class="notice"><BookingWindowNote state=state_now()/></p> }.into_any()
            } else {
                view! { <p class="notice">{move || status_word(i18n, stall.status)}</p> }.into_any()
            }}
        </section>
    }
}

/// At a full market, or one whose free stalls are kept for priority households: join the line for
/// the next stall that comes free (or opens to everyone).
#[component]
fn Waitlist(market_id: String, kept: bool) -> impl IntoView {
    let i18n = use_i18n();
    let goods = RwSignal::new(String::new());
    let plate = PlateField::new();
    let join = Action::new_local(move |request: &WaitlistRequest| {
        let (id, request) = (market_id.clone(), request.clone());
        async move { api::join_waitlist(&id, &request).await }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(plate) = plate.checked() else { return };
        join.dispatch(WaitlistRequest {
            goods: goods.get_untracked(),
            plate,
        });
    };
    view! {
        <section class="card form">
            <p>{if kept { t_string!(i18n, waitlist_kept) } else { t_string!(i18n, market_full) }}</p>
            {move || match join.value().get() {
                Some(Ok(place)) => {
                    let n = place.position;
                    view! { <p class="notice" role="status">{t!(i18n, waitlist_place, n = move || n)}</p> }.into_any()
                }
                other => view! {
                    <form class="form" on:submit=on_submit novalidate>
                        <Input label=label(|i| t_string!(i, f_goods_sell).to_string()) value=goods name="goods" max=100/>
                        <PlateInput plate/>
                        {other.and_then(Result::err).filter(|e| !plate.refused(e)).map(|e| view! { <ErrorView error=e/> })}
                        <button type="submit" class="button primary">{t!(i18n, join_waitlist)}</button>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}
