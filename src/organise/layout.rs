//! `/organise/m/{id}/stalls`: an organiser lays out a market's stalls — a row at a time ("A区 农产品,
//! 12 booths, free"), closing or reopening single stalls, or copying the series' previous layout —
//! and saves the whole layout at once.

use jishi_core::market::{Stall, StallDraft, StallKind, StallStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    fields::{label, Input, Select},
    problems::api_error_text,
    FormPage,
};
use crate::{api, i18n::*};

/// The layout page.
#[component]
pub fn LayoutPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let stalls = LocalResource::new(move || {
        let id = id();
        async move { api::stalls(&id).await }
    });
    let content = move || {
        Suspend::new(async move {
            match stalls.await {
                Ok(list) => view! { <LayoutEditor market_id=id() stalls=list/> }.into_any(),
                Err(error) => {
                    view! { <p class="error" role="alert">{api_error_text(&error)}</p> }.into_any()
                }
            }
        })
    };
    view! { <FormPage title=label(|i| t_string!(i, stall_layout).to_string())>{content}</FormPage> }
}

/// A stall as laid out, and whether someone holds it (then it cannot be changed here).
#[derive(Debug, Clone, PartialEq)]
struct Laid {
    draft: StallDraft,
    held: bool,
}

fn laid(stalls: Vec<Stall>) -> Vec<Laid> {
    stalls
        .into_iter()
        .map(|s| Laid {
            held: matches!(s.status, StallStatus::Pending | StallStatus::Booked),
            draft: StallDraft {
                code: s.code,
                zone: s.zone,
                kind: s.kind,
                fee_fen: s.fee_fen,
                power: s.power,
                notes: s.notes,
                closed: s.status == StallStatus::Closed,
            },
        })
        .collect()
}

#[component]
fn LayoutEditor(market_id: String, stalls: Vec<Stall>) -> impl IntoView {
    let i18n = use_i18n();
    let layout = RwSignal::new(laid(stalls));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let text = |v: &str| RwSignal::new(v.to_owned());
    let (zone, prefix, count, kind, fee, power) = (
        text(""),
        text("A"),
        text("10"),
        text("booth"),
        text("0"),
        text("no"),
    );

    let add_row = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let prefix = prefix.get_untracked().trim().to_uppercase();
        let count: usize = count.get_untracked().trim().parse().unwrap_or(0).min(100);
        let fee_fen =
            (fee.get_untracked().trim().parse::<f64>().unwrap_or(0.0) * 100.0).round() as i64;
        layout.update(|all| {
            // Number on from the highest code of this letter already laid out.
            let next = all
                .iter()
                .filter_map(|l| l.draft.code.strip_prefix(&prefix)?.parse::<usize>().ok())
                .max()
                .unwrap_or(0);
            all.extend((1..=count).map(|n| Laid {
                held: false,
                draft: StallDraft {
                    code: format!("{prefix}{:02}", next + n),
                    zone: zone.get_untracked().trim().to_owned(),
                    kind: if kind.get_untracked() == "car_bay" {
                        StallKind::CarBay
                    } else {
                        StallKind::Booth
                    },
                    fee_fen,
                    power: power.get_untracked() == "yes",
                    notes: String::new(),
                    closed: false,
                },
            }));
        });
        saved.set(false);
    };
    let id = market_id.clone();
    let save = Action::new_local(move |drafts: &Vec<StallDraft>| {
        let (id, drafts) = (id.clone(), drafts.clone());
        async move { api::set_layout(&id, &drafts).await }
    });
    let copy = Action::new_local(move |_: &()| {
        let id = market_id.clone();
        async move { api::copy_previous_layout(&id).await }
    });
    for answer in [save.value(), copy.value()] {
        Effect::new(move |_| match answer.get() {
            Some(Ok(stalls)) => {
                layout.set(laid(stalls));
                problem.set(None);
                saved.set(true);
            }
            Some(Err(error)) => problem.set(Some(api_error_text(&error))),
            None => {}
        });
    }

    let zones = move || {
        let mut zones: Vec<(String, Vec<Laid>)> = Vec::new();
        for stall in layout.get() {
            match zones.iter_mut().find(|(z, _)| *z == stall.draft.zone) {
                Some((_, list)) => list.push(stall),
                None => zones.push((stall.draft.zone.clone(), vec![stall])),
            }
        }
        zones
            .into_iter()
            .map(|(zone, list)| {
                let tiles = list
                    .into_iter()
                    .map(|stall| {
                        let code = stall.draft.code.clone();
                        let state = match (stall.held, stall.draft.closed) {
                            (true, _) => "booked",
                            (_, true) => "closed",
                            _ => "free",
                        };
                        let toggle = move |_| {
                            layout.update(|all| {
                                if let Some(s) = all.iter_mut().find(|s| s.draft.code == code && !s.held) {
                                    s.draft.closed = !s.draft.closed;
                                }
                            });
                            saved.set(false);
                        };
                        view! {
                            <button type="button" class=format!("stall {state}") class:car=stall.draft.kind == StallKind::CarBay
                                disabled=stall.held on:click=toggle>
                                <span class="stall-code">{stall.draft.code.clone()}</span>
                            </button>
                        }
                    })
                    .collect_view();
                view! { <section class="zone"><h2>{zone}</h2><div class="stall-grid">{tiles}</div></section> }
            })
            .collect_view()
    };
    let kinds = Signal::derive(move || {
        vec![
            ("booth".to_owned(), t_string!(i18n, stall_booth).to_string()),
            (
                "car_bay".to_owned(),
                t_string!(i18n, stall_car_bay).to_string(),
            ),
        ]
    });
    let powers = Signal::derive(move || {
        vec![
            ("no".to_owned(), t_string!(i18n, power_no).to_string()),
            ("yes".to_owned(), t_string!(i18n, power_yes).to_string()),
        ]
    });
    view! {
        <section class="card">
            <p class="muted">{t!(i18n, layout_hint)}</p>
            {zones}
            <button type="button" class="button" on:click=move |_| { copy.dispatch(()); }>{t!(i18n, copy_previous)}</button>
        </section>
        <form class="card form" on:submit=add_row>
            <h2>{t!(i18n, add_row)}</h2>
            <Input label=label(|i| t_string!(i, f_zone).to_string()) value=zone name="zone" max=20/>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_prefix).to_string()) value=prefix name="prefix" max=2/>
                <Input label=label(|i| t_string!(i, f_count).to_string()) value=count name="count" kind="number" max=3/>
            </div>
            <div class="pair">
                <Select label=label(|i| t_string!(i, f_kind_stall).to_string()) value=kind name="stall_kind" options=kinds/>
                <Select label=label(|i| t_string!(i, f_power).to_string()) value=power name="power" options=powers/>
            </div>
            <Input label=label(|i| t_string!(i, f_fee_yuan).to_string()) value=fee name="fee" kind="number" max=6/>
            <button type="submit" class="button">{t!(i18n, add)}</button>
        </form>
        {move || problem.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        {move || saved.get().then(|| view! { <p class="notice" role="status">{t!(i18n, layout_saved)}</p> })}
        <button type="button" class="button primary" disabled=move || save.pending().get()
            on:click=move |_| { save.dispatch(layout.get_untracked().into_iter().map(|l| l.draft).collect()); }>
            {t!(i18n, save_layout)}
        </button>
    }
}
