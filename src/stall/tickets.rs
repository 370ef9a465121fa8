//! `/stall/b/{id}`: a booking's ticket — the QR code to show at the gate, the stall and the short
//! code in large type — kept on the phone so it still shows when the fair's network does not; and
//! `/stall/mine`, the user's bookings with their status (with no network, those kept on the phone).

use std::collections::BTreeMap;

use jishi_core::{
    booking::{Booking, BookingStatus},
    market::MarketStatus,
    when,
};
use leptos::prelude::*;

use crate::components::fields::label;
use crate::components::messages::MessageList;
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::form_page::Back;
use crate::form_page::{FormPage, Waiting};
use crate::{
    api::{self, ApiError},
    app::paths,
    clock,
    fetch::Fetch,
    i18n::*,
    prefs::use_prefs,
    router::use_params_map,
    storage,
};

/// Where tickets are kept on the phone, by booking id.
const SAVED: &str = "jishi.tickets";

fn saved_tickets() -> BTreeMap<String, Booking> {
    storage::get(SAVED)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn save_tickets<'a>(bookings: impl IntoIterator<Item = &'a Booking>) {
    let mut all = saved_tickets();
    for booking in bookings {
        all.insert(booking.id.clone(), booking.clone());
    }
    if let Ok(json) = serde_json::to_string(&all) {
        storage::set(SAVED, &json);
    }
}

/// The ticket page.
#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let booking = Fetch::new(move || {
        let id = id();
        async move {
            match api::booking(&id).await {
                Ok(booking) => {
                    save_tickets([&booking]);
                    Ok((booking, false))
                }
                // No network: the ticket saved when it was last seen.
                Err(ApiError::Unreachable) => saved_tickets()
                    .remove(&id)
                    .map(|b| (b, true))
                    .ok_or(ApiError::Unreachable),
                Err(error) => Err(error),
            }
        }
    });
    let content = move || match booking.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            Ok((booking, saved)) => {
                let id = booking.id.clone();
                view! {
                    <Ticket booking saved/>
                    {(!saved).then(|| view! { <TicketMessages id/> })}
                }
                .into_any()
            }
            Err(error) => {
                view! { <ErrorView error retry=Callback::new(move |()| booking.refetch())/> }
                    .into_any()
            }
        },
    };
    view! {
        <FormPage title=label(|i| t_string!(i, ticket_title).to_string()) back=Back::Bookings anyone=true>
            {content}
        </FormPage>
    }
}

#[component]
fn Ticket(booking: Booking, saved: bool) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let status = RwSignal::new(booking.status);
    let problem = RwSignal::new(None::<String>);
    let (start, end) = (booking.starts_at, booking.ends_at);
    let id = booking.id.clone();
    let cancel = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move { api::cancel_booking(&id).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(updated)) => {
            save_tickets([&updated]);
            status.set(updated.status);
        }
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let on_cancel = move |_| {
        let sure = window()
            .confirm_with_message(t_string!(i18n, confirm_cancel))
            .unwrap_or(false);
        if sure {
            cancel.dispatch(());
        }
    };
    let cancel_until = booking.cancel_until;
    let market_off = booking.market_status == MarketStatus::Cancelled;
    let may_cancel = move || {
        !market_off
            && status.get().holds_stall()
            && clock::now_unix() < cancel_until.unix_timestamp()
    };
    let qr = booking.ticket_qr.clone();
    let code = booking.code.clone();
    // What the gate needs comes first, so that at 360×640 the QR code is on screen whole, online or
    // not: the code, the stall, the short code; then the market and the notes.
    // Rejected and cancelled let no one in; a no-show may still come late (the gate admits it).
    let market_status = booking.market_status;
    let void = move || admits_no_one(status.get(), market_status);
    let market_note = booking
        .market_status_reason
        .clone()
        .filter(|_| booking.market_status != MarketStatus::Scheduled)
        .map(|reason| {
            let word = if market_off {
                t_string!(i18n, status_cancelled)
            } else {
                t_string!(i18n, status_postponed)
            };
            format!("{word}：{reason}")
        });
    view! {
        <article class="card ticket" class:void=void>
            // A ticket that no longer lets anyone in says so first, stamped: the stall and code
            // below stay readable (for a call to the organiser) but struck through and grey.
            {move || void().then(|| view! {
                <p class="void-stamp" role="note">
                    {move || if market_off { t_string!(i18n, void_market_cancelled) } else { void_word(i18n, status.get()) }}
                </p>
            })}
            {move || match (status.get(), qr.clone()) {
                (BookingStatus::Confirmed, Some(svg)) if !market_off => view! {
                    <div class="qr" role="img" aria-label=code.clone() inner_html=svg></div>
                }
                .into_any(),
                (BookingStatus::Pending, _) => view! { <p class="notice">{t!(i18n, pending_note)}</p> }.into_any(),
                _ => ().into_any(),
            }}
            <p class="big-code">{booking.stall_code.clone()}</p>
            <p>{t!(i18n, short_code)} " " <strong class="short-code">{booking.code.clone()}</strong></p>
            <p><span class=move || format!("chip status-{}", status_class(status.get()))>{move || booking_status(i18n, status.get())}</span></p>
            {move || (status.get() == BookingStatus::Confirmed && !market_off).then(|| view! {
                <p class="muted">{t!(i18n, show_at_gate)}</p>
            })}
            <h2>{booking.market_title.clone()}</h2>
            <p>{move || when::day_label(start, prefs.lang.get())} " " {when::time_range(start, end)}</p>
            <p class="muted">{booking.zone.clone()} " · " {booking.goods.clone()}</p>
            {market_note.map(|note| view! { <p class="status-note" role="note">{note}</p> })}
            {booking.reason.clone().map(|reason| view! { <p class="status-note" role="note">{reason}</p> })}
            {move || may_cancel().then(|| view! {
                <p class="muted">{t!(i18n, cancel_until)} " " {move || when::moment_label(cancel_until.unix_timestamp(), prefs.lang.get())}</p>
                <button type="button" class="button" on:click=on_cancel disabled=move || cancel.pending().get()>{t!(i18n, cancel_booking)}</button>
            })}
            <ProblemLine text=problem/>
        </article>
        {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, saved_ticket)}</p> })}
    }
}

/// What was texted about the booking, below its ticket (the QR code stays first on screen).
#[component]
fn TicketMessages(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let messages = Fetch::new(move || {
        let id = id.clone();
        async move { api::booking_messages(&id).await }
    });
    let list = move || match messages.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(Ok(messages)) => view! { <MessageList messages/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |()| messages.refetch())/> }
                .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="ticket-messages">
            <h2 id="ticket-messages">{t!(i18n, messages_title)}</h2>
            {list}
        </section>
    }
}

/// The user's bookings.
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let bookings = Fetch::new(|| async {
        match api::my_bookings().await {
            // Each one kept, so its ticket opens at the fair even if it was never opened before.
            Ok(list) => {
                save_tickets(&list);
                Ok((list, false))
            }
            // No network: the tickets kept on the phone, soonest first.
            Err(ApiError::Unreachable) => {
                let mut kept: Vec<Booking> = saved_tickets().into_values().collect();
                kept.sort_by_key(|b| b.starts_at);
                Ok((kept, true))
            }
            Err(error) => Err(error),
        }
    });
    let list = move || {
        match bookings.get() {
            None => view! { <Waiting/> }.into_any(),
            Some(answer) => match answer {
                Ok((list, false)) if list.is_empty() => view! { <p class="muted">{t!(i18n, no_bookings)}</p> }.into_any(),
                Ok((list, true)) if list.is_empty() => {
                    view! { <p class="error" role="alert">{t!(i18n, err_offline)}</p> }.into_any()
                }
                Ok((list, saved)) => view! {
                    {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, saved_ticket)}</p> })}
                    {list
                    .into_iter()
                    .map(|b| {
                        let start = b.starts_at;
                        let status = b.status;
                        view! {
                            <a class="card row-link" class:void=admits_no_one(status, b.market_status) href=paths::ticket(&b.id)>
                                <span class="muted">
                                    {move || when::day_label(start, prefs.lang.get())} " · "
                                    <span class=format!("status-{}", status_class(status))>{move || booking_status(i18n, status)}</span>
                                </span>
                                <strong>{b.market_title} " · " {b.stall_code}</strong>
                            </a>
                        }
                    })
                    .collect_view()}
                }
                .into_any(),
                Err(error) => view! { <ErrorView error retry=Callback::new(move |()| bookings.refetch())/> }.into_any(),
            },
    }
    };
    view! {
        <FormPage title=label(|i| t_string!(i, my_bookings).to_string()) back=Back::Me anyone=true>
            <div class="list">{list}</div>
        </FormPage>
    }
}

/// A booking's status in words.
pub(crate) fn booking_status(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: BookingStatus,
) -> &'static str {
    match status {
        BookingStatus::Pending => t_string!(i18n, bs_pending),
        BookingStatus::Confirmed => t_string!(i18n, bs_confirmed),
        BookingStatus::Rejected => t_string!(i18n, bs_rejected),
        BookingStatus::Cancelled => t_string!(i18n, bs_cancelled),
        BookingStatus::NoShow => t_string!(i18n, bs_no_show),
    }
}

/// The class a status is drawn with: orange while waiting, green when confirmed, grey when void.
fn status_class(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => "pending",
        BookingStatus::Confirmed => "confirmed",
        BookingStatus::Rejected | BookingStatus::Cancelled => "void",
        BookingStatus::NoShow => "no-show",
    }
}

/// The stamp on a ticket that lets no one in.
/// Whether a ticket admits no one: rejected, cancelled, or its market called off.
fn admits_no_one(status: BookingStatus, market: MarketStatus) -> bool {
    market == MarketStatus::Cancelled
        || matches!(status, BookingStatus::Rejected | BookingStatus::Cancelled)
}

fn void_word(i18n: leptos_i18n::I18nContext<Locale>, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Rejected => t_string!(i18n, void_rejected),
        _ => t_string!(i18n, void_cancelled),
    }
}
