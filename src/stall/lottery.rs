//! A lottery market (摇号), for stallholders: applying during the window (goods, a plate for the
//! car bays, up to three zones in order), withdrawing, and after the draw whether they won; and
//! `/stall/m/{id}/draw`, the draw as published, run again on the phone (一致 or not).

use jishi_core::{
    lottery::{
        draw::{Check, ALGORITHM},
        Application, ApplicationRequest, ApplicationStatus, Draw, Drawn, MAX_ZONES,
    },
    market::Market,
    when, ErrorCode,
};
use leptos::prelude::*;

use crate::components::fields::{label, Input, PlateField, PlateInput};
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::{api, app::paths, fetch::Fetch, i18n::*, router::use_params_map};
use jishi_views::{booking_window::BookingWindowNote, today::use_now};

/// Below a lottery market's stall map: the caller's application, or the form to make one.
#[component]
pub fn LotteryPanel(market: Market, zones: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = market.id.clone();
    let state = market.booking.state(use_now());
    let mine = Fetch::keeping_last({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { api::my_application(&id).await }
        }
    });
    let changed = Callback::new(move |()| mine.refetch());
    let (market_id, draw_link) = (id.clone(), paths::market_draw(&id));
    let panel = move || {
        match mine.get() {
        None => view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any(),
        Some(Ok(application)) => view! {
            <ApplicationState application open=state.is_open() changed/>
        }
        .into_any(),
        Some(Err(error)) if error.code() == Some(ErrorCode::NotFound) => match state.is_open() {
            true => view! { <ApplyForm market_id=market_id.clone() zones=zones.clone() applied=changed/> }
                .into_any(),
            false => view! { <p class="notice"><BookingWindowNote state lottery=true/></p> }.into_any(),
        },
        Some(Err(error)) => view! { <ErrorView error retry=changed/> }.into_any(),
    }
    };
    view! {
        <section class="card">
            <p>{t!(i18n, lottery_intro)}</p>
        </section>
        {panel}
        <a class="button" href=draw_link>{t!(i18n, lottery_check_link)}</a>
    }
}

/// The form that applies: what they sell, a plate (for a car bay), the zones wanted in order.
#[component]
fn ApplyForm(market_id: String, zones: Vec<String>, applied: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let goods = RwSignal::new(String::new());
    let plate = PlateField::new();
    let chosen = RwSignal::new(Vec::<String>::new());
    let problem = RwSignal::new(None::<String>);
    let submit = Action::new_local(move |request: &ApplicationRequest| {
        let (id, request) = (market_id.clone(), request.clone());
        async move { api::apply(&id, &request).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(_)) => applied.run(()),
        Some(Err(error)) if !plate.refused(&error) => problem.set(Some(api_error_text(&error))),
        _ => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let Ok(plate) = plate.checked() else { return };
        submit.dispatch(ApplicationRequest {
            goods: goods.get_untracked(),
            plate,
            zones: chosen.get_untracked(),
        });
    };
    let chips = zones
        .into_iter()
        .map(|zone| {
            let (for_toggle, for_rank) = (zone.clone(), zone.clone());
            let toggle = move |_| {
                chosen.update(|list| match list.iter().position(|z| *z == for_toggle) {
                    Some(at) => {
                        list.remove(at);
                    }
                    None if list.len() < MAX_ZONES => list.push(for_toggle.clone()),
                    None => {}
                })
            };
            let rank = Signal::derive(move || {
                chosen.with(|list| list.iter().position(|z| *z == for_rank))
            });
            view! {
                <button type="button" class="chip-button" aria-pressed=move || rank.get().is_some().to_string() on:click=toggle>
                    {move || rank.get().map(|at| format!("{} ", at + 1))} {zone}
                </button>
            }
        })
        .collect_view();
    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <Input label=label(|i| t_string!(i, f_goods_sell).to_string()) value=goods name="goods" max=100/>
            <PlateInput plate/>
            <fieldset class="chip-buttons zone-choices">
                <legend>{t!(i18n, f_zones)}</legend>
                {chips}
            </fieldset>
            <ProblemLine text=problem/>
            <button type="submit" class="button primary" disabled=move || submit.pending().get()>
                {t!(i18n, apply_now)}
            </button>
        </form>
    }
}

/// Where the caller's application stands, and withdrawing it while the window is open.
#[component]
fn ApplicationState(application: Application, open: bool, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let market_id = application.market_id.clone();
    let withdraw = Action::new_local(move |_: &()| {
        let id = market_id.clone();
        async move { api::withdraw_application(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = withdraw.value().get() {
            changed.run(());
        }
    });
    let problem = Signal::derive(move || {
        withdraw
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| api_error_text(&e))
    });
    let said = match application.status {
        ApplicationStatus::Placed => view! {
            <p class="notice ok" role="status"><strong>{t!(i18n, lottery_placed)}</strong></p>
            {application.booking_id.clone().map(|booking| view! {
                <a class="button primary" href=paths::ticket(&booking)>{t!(i18n, lottery_see_ticket)}</a>
            })}
        }
        .into_any(),
        ApplicationStatus::Waiting => match application.place_in_line {
            Some(n) => view! {
                <p class="notice" role="status">{t!(i18n, lottery_waiting_at, n = move || n)}</p>
            }
            .into_any(),
            None => view! { <p class="notice" role="status">{t!(i18n, lottery_waiting)}</p> }.into_any(),
        },
        _ => view! {
            <p class="notice" role="status">{t!(i18n, lottery_applied)}</p>
            {open.then(|| view! {
                <button type="button" class="button" on:click=move |_| { withdraw.dispatch(()); }>
                    {t!(i18n, withdraw_application)}
                </button>
            })}
        }
        .into_any(),
    };
    view! {
        <section class="card">
            {said}
            <p class="muted">{application.goods.clone()} " · " {application.zones.join(" > ")}</p>
            <p class="muted">{t!(i18n, draw_your_id)} " " <code>{application.id.clone()}</code></p>
            <ProblemLine text=problem/>
        </section>
    }
}

/// `/stall/m/{id}/draw`: the draw as published, and its check on this phone. Anyone may look:
/// checking asks for no account.
#[component]
pub fn DrawPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let loaded = Fetch::new(move || {
        let id = id();
        async move { (api::draw(&id).await, api::my_application(&id).await.ok()) }
    });
    let content = move || match loaded.get() {
        None => view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any(),
        Some((Ok(draw), mine)) => view! { <DrawView draw mine/> }.into_any(),
        Some((Err(error), _)) => {
            view! { <ErrorView error retry=Callback::new(move |()| loaded.refetch())/> }.into_any()
        }
    };
    view! {
        <div class="page">
            <a class="back" href=move || paths::book_stall(&id())>"‹ " {t!(i18n, book_stall)}</a>
            <h1>{t!(i18n, draw_title)}</h1>
            {content}
        </div>
    }
}

#[component]
fn DrawView(draw: Draw, mine: Option<Application>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = jishi_views::i18n::use_lang();
    let draws_at = draw.draws_at.unix_timestamp();
    let at = move || when::moment_label(draws_at, lang.get());
    let drawn = draw.drawn.clone().map(|drawn| {
        let check = drawn.check(&draw.commitment);
        view! { <DrawnView drawn check mine/> }
    });
    let not_yet = draw.drawn.is_none().then(|| {
        let n = draw.applications;
        view! {
            <p class="notice">{t!(i18n, draw_not_yet, when = at)}</p>
            <p>{t!(i18n, draw_applications, n = move || n)}</p>
        }
    });
    view! {
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, draw_algorithm)}</dt>
                <dd><code>{ALGORITHM}</code></dd>
                <dt>{t!(i18n, draw_commitment)}</dt>
                <dd><code class="hash">{draw.commitment.clone()}</code></dd>
            </dl>
        </section>
        {not_yet}
        {drawn}
        <details class="card">
            <summary>{t!(i18n, draw_how_title)}</summary>
            <p>{t!(i18n, draw_how)}</p>
        </details>
    }
}

#[component]
fn DrawnView(drawn: Drawn, check: Check, mine: Option<Application>) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = match check {
        Check::Consistent => view! {
            <p class="notice ok" role="status"><strong>{t!(i18n, draw_consistent)}</strong></p>
        }
        .into_any(),
        Check::WrongSeed => view! {
            <p class="error" role="alert"><strong>{t!(i18n, draw_wrong_seed)}</strong></p>
        }
        .into_any(),
        Check::OtherResult => view! {
            <p class="error" role="alert"><strong>{t!(i18n, draw_inconsistent)}</strong></p>
        }
        .into_any(),
    };
    // Where the caller's application stands is its own status (a drawn one no stall fitted waits;
    // a waiting one may have been given a stall left over); the number is its drawn order.
    let yours = mine.map(|application| {
        let mut order = drawn.outcome.placed.iter().chain(&drawn.outcome.waiting);
        let said = match order.position(|id| *id == application.id) {
            None => t_string!(i18n, draw_yours_absent).to_string(),
            Some(at) => {
                let words = match application.status {
                    ApplicationStatus::Placed => t_string!(i18n, draw_yours_placed),
                    _ => t_string!(i18n, draw_yours_waiting),
                };
                words.replace("{n}", &(at + 1).to_string())
            }
        };
        view! { <p class="notice">{said} " " <code>{application.id}</code></p> }
    });
    let (placed, waiting) = (drawn.outcome.placed.len(), drawn.outcome.waiting.len());
    let (places, reserved, entries) = (drawn.places, drawn.reserved, drawn.entries.len());
    view! {
        {verdict}
        {yours}
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, draw_seed)}</dt>
                <dd><code class="hash">{drawn.seed.clone()}</code></dd>
                <dt>{t!(i18n, draw_counts)}</dt>
                <dd>{t!(i18n, draw_counts_are, entries = move || entries, places = move || places, reserved = move || reserved)}</dd>
                <dt>{t!(i18n, draw_result)}</dt>
                <dd>{t!(i18n, draw_result_is, placed = move || placed, waiting = move || waiting)}</dd>
            </dl>
        </section>
        <details class="card">
            <summary>{t!(i18n, draw_order)}</summary>
            <ol class="draw-order">
                {drawn.outcome.placed.iter().chain(&drawn.outcome.waiting).map(|id| view! { <li><code>{id.clone()}</code></li> }).collect_view()}
            </ol>
        </details>
    }
}
