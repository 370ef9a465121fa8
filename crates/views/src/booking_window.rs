//! When stalls can be booked, in a stallholder's words: "12月5日 周六 9:00 开放预约", "可以预约，12月10日
//! 周四 18:00 截止", "预约已截止". The market page, the stall map and a refused booking all say it.

use jishi_core::{market::BookingState, when};
use leptos::prelude::*;

use crate::i18n::*;

/// The booking window's state as one sentence; at a lottery market the window takes applications.
#[component]
pub fn BookingWindowNote(
    state: BookingState,
    /// Stalls go by lottery: "报名" and the draw, not "预约".
    #[prop(optional)]
    lottery: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let moment =
        move |at: time::OffsetDateTime| move || when::moment_label(at.unix_timestamp(), lang.get());
    match (state, lottery) {
        (BookingState::NotYet(at), false) => {
            t!(i18n, booking_opens_at, when = moment(at)).into_any()
        }
        (BookingState::Open(at), false) => {
            t!(i18n, booking_open_until, when = moment(at)).into_any()
        }
        (BookingState::Closed(at), false) => {
            t!(i18n, booking_closed_at, when = moment(at)).into_any()
        }
        (BookingState::NotYet(at), true) => {
            t!(i18n, lottery_opens_at, when = moment(at)).into_any()
        }
        (BookingState::Open(at), true) => {
            t!(i18n, lottery_open_until, when = moment(at)).into_any()
        }
        (BookingState::Closed(at), true) => {
            t!(i18n, lottery_closed_at, when = moment(at)).into_any()
        }
    }
}

/// Why a booking was refused for its time, from the window alone: the server decided by its own
/// clock, and a phone whose clock is off cannot tell which side of the window it is on.
#[component]
pub fn BookingRefusedForTime(
    opens_at: time::OffsetDateTime,
    closes_at: time::OffsetDateTime,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let opens = move || when::moment_label(opens_at.unix_timestamp(), lang.get());
    let closes = move || when::moment_label(closes_at.unix_timestamp(), lang.get());
    t!(i18n, booking_refused_window, opens = opens, closes = closes)
}
