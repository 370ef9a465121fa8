//! 代办 on a market's bookings page: an organiser books a free stall for someone without a
//! smartphone (name and any phone number), and reads out or writes down the ticket's code.

use jishi_core::{
    booking::{Booking, OnBehalfRequest},
    market::{Stall, StallKind, StallStatus},
};
use leptos::prelude::*;

use crate::components::fields::{label, Input, PlateField, PlateInput, Select};
use crate::components::problems::ErrorView;
use crate::{api, app::paths, fetch::Fetch, i18n::*};

/// The form, folded away until asked for; `on_booked` runs after each booking made.
#[component]
pub fn OnBehalfForm(market_id: String, on_booked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let stalls = {
        let market_id = market_id.clone();
        // After each booking the list of free stalls is fetched again; the form keeps its choices.
        Fetch::keeping_last(move || {
            let market_id = market_id.clone();
            async move { api::stalls(&market_id).await }
        })
    };
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let stall = RwSignal::new(String::new());
    let goods = RwSignal::new(String::new());
    let plate = PlateField::new();

    let free = move || -> Vec<Stall> {
        stalls
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.status == StallStatus::Free)
            .collect()
    };
    let options = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, pick_free_stall).to_string())];
        options.extend(free().into_iter().map(|s| {
            let kind = match s.kind {
                StallKind::Booth => t_string!(i18n, stall_booth),
                StallKind::CarBay => t_string!(i18n, stall_car_bay),
            };
            (s.id, format!("{} · {} · {kind}", s.code, s.zone))
        }));
        options
    });
    let car_bay = move || {
        free()
            .iter()
            .any(|s| s.id == stall.get() && s.kind == StallKind::CarBay)
    };

    let book = Action::new_local(move |request: &OnBehalfRequest| {
        let (market_id, request) = (market_id.clone(), request.clone());
        async move { api::book_on_behalf(&market_id, &request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = book.value().get() {
            for field in [name, phone, stall, goods, plate.value] {
                field.set(String::new());
            }
            stalls.refetch();
            on_booked.run(());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let plate = if car_bay() {
            let Ok(plate) = plate.checked() else { return };
            plate
        } else {
            None
        };
        book.dispatch(OnBehalfRequest {
            stall_id: stall.get(),
            goods: goods.get(),
            plate,
            name: name.get(),
            phone: phone.get(),
        });
    };
    let outcome = move || match book.value().get() {
        Some(Ok(booking)) => Some(view! { <BookedFor booking/> }.into_any()),
        Some(Err(error)) if plate.refused(&error) => None,
        Some(Err(error)) => Some(view! { <ErrorView error/> }.into_any()),
        None => None,
    };

    view! {
        <details class="card on-behalf">
            <summary>{t!(i18n, on_behalf_title)}</summary>
            <p class="muted">{t!(i18n, on_behalf_hint)}</p>
            <form class="form" on:submit=on_submit novalidate>
                <div class="pair">
                    <Input label=label(|i| t_string!(i, f_holder_name).to_string()) value=name name="holder_name" max=20/>
                    <Input label=label(|i| t_string!(i, f_holder_phone).to_string()) value=phone name="holder_phone" kind="tel" max=20/>
                </div>
                <Select label=label(|i| t_string!(i, f_stall).to_string()) value=stall name="stall" options/>
                // The stalls did not load: say so (with 重试) rather than offer an empty list.
                {move || stalls.get().and_then(Result::err).map(|error| view! {
                    <ErrorView error retry=Callback::new(move |()| stalls.refetch())/>
                })}
                <Input label=label(|i| t_string!(i, f_goods_sell).to_string()) value=goods name="goods" max=100/>
                {move || car_bay().then(|| view! {
                    <PlateInput plate/>
                })}
                {outcome}
                <button type="submit" class="button primary" disabled=move || book.pending().get()>
                    {move || if book.pending().get() { t_string!(i18n, booking_now) } else { t_string!(i18n, on_behalf_book) }}
                </button>
            </form>
        </details>
    }
}

/// What was booked, with the code in large type to write on a slip of paper.
#[component]
fn BookedFor(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let who = booking
        .holder
        .as_ref()
        .map(|h| h.name.clone())
        .unwrap_or_default();
    view! {
        <div class="notice" role="status">
            <p>{t!(i18n, on_behalf_done)} " " {who} " · " <strong>{booking.stall_code.clone()}</strong></p>
            <p>{t!(i18n, short_code)} " " <strong class="short-code">{booking.code.clone()}</strong></p>
            <a href=paths::ticket(&booking.id)>{t!(i18n, see_ticket)}</a>
        </div>
    }
}
