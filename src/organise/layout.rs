//! `/organise/m/{id}/stalls`: an organiser lays out a market's stalls — a row at a time ("A区 农产品,
//! 12 booths, free"), then per stall: close it, open it again, or take it (or its whole row) out
//! while no one holds it — or copies the series' previous layout, and saves the whole layout at once.
//! Right after a market is published it comes here first: until it has stalls, villagers read
//! "摊位待公布" and no one can book.

use jishi_core::market::{Stall, StallDraft, StallKind, StallStatus};
use leptos::prelude::*;

use crate::components::fields::{label, Input, Select};
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::form_page::Back;
use crate::form_page::{FormPage, Waiting};
use crate::{
    api,
    app::paths,
    components::stall_zones::{Fee, StallZones},
    fetch::Fetch,
    i18n::*,
    router::{use_params_map, use_query_map},
};

/// The layout page.
#[component]
pub fn LayoutPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // How many markets were just published (see `paths::stall_layout_after_publish`).
    let published: Option<usize> =
        use_query_map().with_untracked(|q| q.get("published").and_then(|n| n.parse().ok()));
    let stalls = Fetch::new(move || {
        let id = id();
        async move { api::stalls(&id).await }
    });
    let content = move || match stalls.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            Ok(list) => view! { <LayoutEditor market_id=id() stalls=list published/> }.into_any(),
            Err(error) => {
                view! { <ErrorView error retry=Callback::new(move |()| stalls.refetch())/> }
                    .into_any()
            }
        },
    };
    view! {
        <FormPage title=label(|i| t_string!(i, stall_layout).to_string()) back=Back::Market(id()) market=id()>
            {content}
        </FormPage>
    }
}

/// The stalls of one row (zone) that no one holds: what "take the row out" takes.
fn unheld_in(layout: &[Stall], zone: &str) -> usize {
    layout
        .iter()
        .filter(|s| s.zone == zone && !s.held())
        .count()
}

#[component]
fn LayoutEditor(market_id: String, stalls: Vec<Stall>, published: Option<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let layout = RwSignal::new(stalls);
    let picked = RwSignal::new(None::<Stall>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let changed = move || {
        saved.set(false);
    };

    let id = market_id.clone();
    let save = Action::new_local(move |drafts: &Vec<StallDraft>| {
        let (id, drafts) = (id.clone(), drafts.clone());
        async move { api::set_layout(&id, &drafts).await }
    });
    let id = market_id.clone();
    let copy = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move { api::copy_previous_layout(&id).await }
    });
    for answer in [save.value(), copy.value()] {
        Effect::new(move |_| match answer.get() {
            Some(Ok(stalls)) => {
                layout.set(stalls);
                picked.set(None);
                problem.set(None);
                saved.set(true);
            }
            Some(Err(error)) => problem.set(Some(api_error_text(&error))),
            None => {}
        });
    }
    // The picked stall as the layout has it now (closed or taken out since it was tapped).
    let current = move || {
        let id = picked.with(|p| p.as_ref().map(|s| s.id.clone()))?;
        layout.with(|all| all.iter().find(|s| s.id == id).cloned())
    };
    let add_row = Callback::new(move |row: Vec<Stall>| {
        layout.update(|all| all.extend(row));
        changed();
    });

    view! {
        {published.map(|count| view! {
            <p class="notice" role="status">
                {if count > 1 {
                    t!(i18n, published_series_lay_out, n = count).into_any()
                } else {
                    t!(i18n, published_lay_out).into_any()
                }}
                " "
                <a rel="external" href=paths::market(&market_id)>{t!(i18n, see_as_villagers)}</a>
            </p>
        })}
        <section class="card">
            <p class="muted">{t!(i18n, layout_hint)}</p>
            {move || {
                let stalls = layout.get();
                if stalls.is_empty() {
                    view! { <p class="notice">{t!(i18n, layout_empty)}</p> }.into_any()
                } else {
                    view! { <StallZones stalls picked/> }.into_any()
                }
            }}
            {move || current().map(|stall| view! { <StallEditor stall layout picked on_change=Callback::new(move |()| changed())/> })}
            <button type="button" class="button" on:click=move |_| { copy.dispatch(()); }>{t!(i18n, copy_previous)}</button>
        </section>
        <RowForm layout add_row/>
        <ProblemLine text=problem/>
        {move || saved.get().then(|| view! { <p class="notice" role="status">{t!(i18n, layout_saved)}</p> })}
        <button type="button" class="button primary" disabled=move || save.pending().get()
            on:click=move |_| { save.dispatch(layout.with_untracked(|all| all.iter().map(Stall::draft).collect())); }>
            {t!(i18n, save_layout)}
        </button>
    }
}

/// The picked stall: what it is, and closing, reopening or taking out it or its row.
#[component]
fn StallEditor(
    stall: Stall,
    layout: RwSignal<Vec<Stall>>,
    picked: RwSignal<Option<Stall>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = stall.kind;
    let (fee_fen, power) = (stall.fee_fen, stall.power);
    let facts = view! {
        {stall.zone.clone()} " · " <Fee fee_fen/> " · "
        {move || if power { t_string!(i18n, power_yes) } else { t_string!(i18n, power_no) }}
    };
    let heading = view! {
        <h3 id="layout-stall-heading">
            {stall.code.clone()} " · "
            {move || if kind == StallKind::CarBay { t_string!(i18n, stall_car_bay) } else { t_string!(i18n, stall_booth) }}
        </h3>
        <p class="muted">{facts}</p>
    };
    if stall.held() {
        return view! {
            <div class="stall-editor" role="group" aria-labelledby="layout-stall-heading">
                {heading}
                <p class="notice">{t!(i18n, layout_held)}</p>
            </div>
        }
        .into_any();
    }
    let (id, zone) = (stall.id.clone(), stall.zone.clone());
    let closed = stall.status == StallStatus::Closed;
    let toggle = {
        let id = id.clone();
        move |_| {
            layout.update(|all| {
                if let Some(s) = all.iter_mut().find(|s| s.id == id) {
                    s.status = if closed {
                        StallStatus::Free
                    } else {
                        StallStatus::Closed
                    };
                }
            });
            on_change.run(());
        }
    };
    let remove = move |_| {
        layout.update(|all| all.retain(|s| s.id != id));
        picked.set(None);
        on_change.run(());
    };
    let row_count = layout.with_untracked(|all| unheld_in(all, &zone));
    let remove_row = {
        let zone = zone.clone();
        move |_| {
            layout.update(|all| all.retain(|s| s.zone != zone || s.held()));
            picked.set(None);
            on_change.run(());
        }
    };
    view! {
        <div class="stall-editor" role="group" aria-labelledby="layout-stall-heading">
            {heading}
            <div class="actions">
                <button type="button" class="button" on:click=toggle>
                    {if closed { t!(i18n, reopen_stall).into_any() } else { t!(i18n, close_stall).into_any() }}
                </button>
                <button type="button" class="button danger" on:click=remove>{t!(i18n, remove_stall)}</button>
            </div>
            <button type="button" class="button danger" on:click=remove_row>
                {t!(i18n, remove_row, zone = zone.clone(), n = row_count)}
            </button>
        </div>
    }
    .into_any()
}

/// A new row of stalls, numbered on from the highest code of its letter.
#[component]
fn RowForm(layout: RwSignal<Vec<Stall>>, add_row: Callback<Vec<Stall>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = |v: &str| RwSignal::new(v.to_owned());
    let (zone, prefix, count, kind, fee, power) = (
        text(""),
        text("A"),
        text("10"),
        text("booth"),
        text("0"),
        text("no"),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let prefix = prefix.get_untracked().trim().to_uppercase();
        let count: usize = count.get_untracked().trim().parse().unwrap_or(0).min(100);
        let fee_fen =
            (fee.get_untracked().trim().parse::<f64>().unwrap_or(0.0) * 100.0).round() as i64;
        let next = layout.with_untracked(|all| {
            all.iter()
                .filter_map(|s| s.code.strip_prefix(&prefix)?.parse::<usize>().ok())
                .max()
                .unwrap_or(0)
        });
        let row = (1..=count)
            .map(|n| {
                let code = format!("{prefix}{:02}", next + n);
                Stall {
                    // Not yet saved: the server gives the id; until then the code is unique.
                    id: format!("new-{code}"),
                    code,
                    zone: zone.get_untracked().trim().to_owned(),
                    kind: if kind.get_untracked() == "car_bay" {
                        StallKind::CarBay
                    } else {
                        StallKind::Booth
                    },
                    fee_fen,
                    power: power.get_untracked() == "yes",
                    notes: String::new(),
                    status: StallStatus::Free,
                }
            })
            .collect();
        add_row.run(row);
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
        <form class="card form" on:submit=on_submit>
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
    }
}
