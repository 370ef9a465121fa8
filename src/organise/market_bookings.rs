//! `/organise/m/{id}/bookings`: a market's bookings for its organisers — who holds which stall,
//! approving or rejecting (with a reason) those waiting, marking who did not come, and 代办.

use jishi_core::{
    booking::{Booking, BookingStatus, Decision, RejectRequest},
    lottery::Allocation,
    message::Message,
};
use leptos::prelude::*;

use super::on_behalf::OnBehalfForm;
use crate::components::fields::{label, TextArea};
use crate::components::messages::MessageList;
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::form_page::Back;
use crate::form_page::{FormPage, Waiting};
use crate::router::use_params_map;
use crate::stall::tickets::booking_status;
use crate::{api, app::paths, clock, fetch::Fetch, i18n::*};

/// The bookings page.
#[component]
pub fn MarketBookingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let market_id = move || params.read().get("id").unwrap_or_default();
    // After a decision or a booking made for someone the list is fetched again, and stays meanwhile.
    let bookings = Fetch::keeping_last(move || {
        let id = market_id();
        async move {
            let bookings = api::market_bookings(&id).await?;
            // The texts are an addition: without them the bookings still show.
            let messages = api::market_messages(&id).await.unwrap_or_default();
            Ok::<_, api::ApiError>((bookings, messages))
        }
    });
    let list = move || match bookings.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            Ok((list, _)) if list.is_empty() => {
                view! { <p class="muted">{t!(i18n, no_market_bookings)}</p> }.into_any()
            }
            Ok((mut list, messages)) => {
                // Those waiting for a decision first.
                list.sort_by_key(|b| b.status != BookingStatus::Pending);
                list.into_iter()
                    .map(|booking| {
                        let messages: Vec<Message> = messages
                            .iter()
                            .filter(|m| m.booking_id.as_deref() == Some(booking.id.as_str()))
                            .cloned()
                            .collect();
                        view! { <BookingRow booking messages/> }
                    })
                    .collect_view()
                    .into_any()
            }
            Err(error) => {
                view! { <ErrorView error retry=Callback::new(move |()| bookings.refetch())/> }
                    .into_any()
            }
        },
    };
    view! {
        <FormPage title=label(|i| t_string!(i, manage_bookings).to_string()) back=Back::Market(market_id()) market=market_id()>
            <LotteryDesk market_id=market_id() on_drawn=Callback::new(move |()| bookings.refetch())/>
            <OnBehalfForm market_id=market_id() on_booked=Callback::new(move |()| bookings.refetch())/>
            <div class="list">{list}</div>
        </FormPage>
    }
}

#[component]
fn BookingRow(booking: Booking, messages: Vec<Message>) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(booking.status);
    let reason = RwSignal::new(String::new());
    let rejecting = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = booking.id.clone();
    let decide = Action::new_local(move |decision: &Decision| {
        let (id, decision) = (id.clone(), decision.clone());
        async move { api::decide_booking(&id, &decision).await }
    });
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(updated)) => {
            problem.set(None);
            rejecting.set(false);
            status.set(updated.status);
        }
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let opened = clock::now_unix() >= booking.starts_at.unix_timestamp();
    let holder = booking.holder.clone();
    let who = holder
        .as_ref()
        .map(|h| format!("{} {}", h.name, h.phone))
        .unwrap_or_default();
    let on_behalf = holder.is_some_and(|h| h.on_behalf);
    let arrived = booking.arrived_at.map(jishi_core::when::clock);
    view! {
        <article class="card booking-row">
            <p>
                <strong class="stall-code">{booking.stall_code.clone()}</strong> " " {booking.zone.clone()}
                " · " <span class="chip">{move || booking_status(i18n, status.get())}</span>
            </p>
            <p>{who} {on_behalf.then(|| view! { " · " {t!(i18n, holder_on_behalf)} })}</p>
            <p class="muted">{booking.goods.clone()} {booking.plate.clone().map(|p| format!(" · {p}"))}</p>
            {arrived.map(|at| view! { <p class="arrival-time">{t!(i18n, gate_arrived)} " " {at}</p> })}
            {move || match status.get() {
                BookingStatus::Pending if !rejecting.get() => view! {
                    <div class="actions">
                        <button type="button" class="button primary" on:click=move |_| { decide.dispatch(Decision::Approve); }>{t!(i18n, approve)}</button>
                        <button type="button" class="button" on:click=move |_| rejecting.set(true)>{t!(i18n, reject)}</button>
                    </div>
                }
                .into_any(),
                BookingStatus::Pending | BookingStatus::Confirmed if rejecting.get() => view! {
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); decide.dispatch(Decision::Reject(RejectRequest { reason: reason.get_untracked() })); }>
                        <TextArea label=label(|i| t_string!(i, reject_reason).to_string()) value=reason name="reason"/>
                        <button type="submit" class="button danger">{t!(i18n, reject)}</button>
                    </form>
                }
                .into_any(),
                BookingStatus::Confirmed if opened => view! {
                    <button type="button" class="button" on:click=move |_| { decide.dispatch(Decision::NoShow); }>{t!(i18n, mark_no_show)}</button>
                }
                .into_any(),
                _ => ().into_any(),
            }}
            <ProblemLine text=problem/>
            {(!messages.is_empty()).then(|| view! {
                <details class="booking-messages">
                    <summary>{t!(i18n, messages_title)} " (" {messages.len()} ")"</summary>
                    <MessageList messages detailed=true/>
                </details>
            })}
        </article>
    }
}

/// At a lottery market: how many applied, and the draw (the server draws at the close by itself;
/// the organisers need not wait for it). Nothing at a first-come market.
#[component]
fn LotteryDesk(market_id: String, on_drawn: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // The draw is asked of lottery markets only: a first-come market has none to answer.
    let draw = Fetch::keeping_last({
        let id = market_id.clone();
        move || {
            let id = id.clone();
            async move {
                let market = api::market(&id).await?;
                match market.booking.allocation {
                    Allocation::Lottery => api::draw(&id).await.map(Some),
                    Allocation::FirstCome => Ok(None),
                }
            }
        }
    });
    let draw_link = paths::market_draw(&market_id);
    let make = Action::new_local(move |_: &()| {
        let id = market_id.clone();
        async move { api::draw_now(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = make.value().get() {
            draw.refetch();
            on_drawn.run(());
        }
    });
    let problem = Signal::derive(move || {
        make.value()
            .get()
            .and_then(Result::err)
            .map(|e| api_error_text(&e))
    });
    // A page left open over the close asks again then, so 现在摇号 (or the server's draw) shows
    // without a reload.
    Effect::new(move |_| {
        let Some(Ok(Some(open))) = draw.get() else {
            return;
        };
        let wait = open.draws_at.unix_timestamp() - clock::now_unix();
        if open.drawn.is_none() && (0..86_400).contains(&wait) {
            let wait = std::time::Duration::from_secs(u64::try_from(wait + 1).unwrap_or(1));
            set_timeout(move || draw.refetch(), wait);
        }
    });
    move || {
        let draw = draw.get().and_then(Result::ok).flatten()?;
        let n = draw.applications;
        let due = clock::now_unix() >= draw.draws_at.unix_timestamp();
        let state = match &draw.drawn {
            Some(drawn) => {
                let (placed, waiting) = (drawn.outcome.placed.len(), drawn.outcome.waiting.len());
                view! { <p>{t!(i18n, draw_result_is, placed = move || placed, waiting = move || waiting)}</p> }
                    .into_any()
            }
            None if due => view! {
                <button type="button" class="button primary" disabled=move || make.pending().get()
                    on:click=move |_| { make.dispatch(()); }>{t!(i18n, draw_now)}</button>
            }
            .into_any(),
            None => view! { <p class="muted">{t!(i18n, lottery_intro)}</p> }.into_any(),
        };
        Some(view! {
            <section class="card">
                <h2>{t!(i18n, lottery_desk)}</h2>
                <p>{t!(i18n, draw_applications, n = move || n)}</p>
                {state}
                <ProblemLine text=problem/>
                <a href=draw_link.clone()>{t!(i18n, lottery_check_link)}</a>
            </section>
        })
    }
}
