//! A market's stalls by zone, as tiles: the stall map of booking (second app) and of a visitor's
//! welcome (villagers' app). Each state shows by colour *and* by border and word (free, pending,
//! booked, closed) for those who cannot tell colours apart.

use jishi_core::market::{yuan, Stall, StallKind, StallStatus};
use leptos::prelude::*;

use crate::i18n::*;

/// The stalls by zone as tiles whose colour, and word, say free, pending, booked or closed, with
/// the fee and power; a tap sets `picked`. Below 360 px the tiles wrap, so the map always fits the phone.
#[component]
pub fn StallZones(stalls: Vec<Stall>, picked: RwSignal<Option<Stall>>) -> impl IntoView {
    let i18n = use_i18n();
    let mut zones: Vec<(String, Vec<Stall>)> = Vec::new();
    for stall in stalls {
        match zones.iter_mut().find(|(zone, _)| *zone == stall.zone) {
            Some((_, list)) => list.push(stall),
            None => zones.push((stall.zone.clone(), vec![stall])),
        }
    }
    let zones = zones
        .into_iter()
        .map(|(zone, list)| {
            let tiles = list
                .into_iter()
                .map(|stall| {
                    let status = stall.status;
                    let code = stall.code.clone();
                    let id = stall.id.clone();
                    let is_picked = move || picked.with(|p| p.as_ref().is_some_and(|s| s.id == id));
                    view! {
                        <button
                            type="button"
                            class=format!("stall {}", status_class(status))
                            class:car=stall.kind == StallKind::CarBay
                            aria-pressed=move || is_picked().to_string()
                            on:click=move |_| picked.set(Some(stall.clone()))
                        >
                            <span class="stall-code">{code}</span>
                            <span class="stall-state">{move || status_word(i18n, status)}</span>
                            <StallFacts fee_fen=stall.fee_fen power=stall.power/>
                        </button>
                    }
                })
                .collect_view();
            view! {
                <section class="zone">
                    <h3>{zone}</h3>
                    <div class="stall-grid">{tiles}</div>
                </section>
            }
        })
        .collect_view();
    let legend = [StallStatus::Free, StallStatus::Pending, StallStatus::Booked, StallStatus::Closed]
        .map(|status| view! { <span class=format!("stall legend {}", status_class(status))>{move || status_word(i18n, status)}</span> });
    view! {
        <p class="legend" aria-hidden="true">{legend.collect_view()}</p>
        {zones}
    }
}

/// A tile's fee and power, small: "10元 ⚡" (the fee is left out when free).
#[component]
fn StallFacts(fee_fen: i64, power: bool) -> impl IntoView {
    let i18n = use_i18n();
    (fee_fen > 0 || power).then(|| {
        view! {
            <span class="stall-facts">
                {(fee_fen > 0).then(|| t!(i18n, fee_short, yuan = move || yuan(fee_fen)))}
                {power.then(|| view! {
                    <span aria-hidden="true">"⚡"</span>
                    <span class="visually-hidden">{move || t_string!(i18n, power)}</span>
                })}
            </span>
        }
    })
}

/// A stall's fee as a sentence part: "10 元", or "免费".
#[component]
pub fn Fee(fee_fen: i64) -> impl IntoView {
    let i18n = use_i18n();
    if fee_fen == 0 {
        t!(i18n, fee_free).into_any()
    } else {
        t!(i18n, fee_yuan, yuan = move || yuan(fee_fen)).into_any()
    }
}

fn status_class(status: StallStatus) -> &'static str {
    match status {
        StallStatus::Free => "free",
        StallStatus::Pending => "pending",
        StallStatus::Booked => "booked",
        StallStatus::Closed => "closed",
    }
}

pub fn status_word(i18n: leptos_i18n::I18nContext<Locale>, status: StallStatus) -> &'static str {
    match status {
        StallStatus::Free => t_string!(i18n, legend_free),
        StallStatus::Pending => t_string!(i18n, legend_pending),
        StallStatus::Booked => t_string!(i18n, legend_booked),
        StallStatus::Closed => t_string!(i18n, legend_closed),
    }
}
