//! `/organise/m/{id}/stats`: who came, live — visitors, stalls booked, arrived and absent, visitors
//! by hour as bars drawn with CSS (no chart library in the download), and the CSV export for
//! Excel. The counts refresh every 15 seconds while the page is open.

use std::time::Duration;

use jishi_core::checkin::{Attendance, HourCount};
use leptos::{prelude::*, task::spawn_local};

use crate::components::bars::{Bar, Bars};
use crate::components::fields::label;
use crate::components::problems::{api_error_text, ProblemLine};
use crate::download::save_csv;
use crate::form_page::Back;
use crate::form_page::FormPage;
use crate::router::use_params_map;
use crate::wechat::{in_wechat, WayOutOfWechat};
use crate::{api, i18n::*};

const REFRESH: Duration = Duration::from_secs(15);

/// The attendance page.
#[component]
pub fn AttendancePage() -> impl IntoView {
    let i18n = use_i18n();
    let market_id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    // The last counts stay on screen while new ones load, and when a refresh fails (with a note):
    // a live page must not blink or go blank on a weak network.
    let counts = RwSignal::new(None::<Attendance>);
    let problem = RwSignal::new(None::<String>);
    let load = {
        let market_id = market_id.clone();
        move || {
            let market_id = market_id.clone();
            spawn_local(async move {
                match api::attendance(&market_id).await {
                    Ok(fresh) => {
                        counts.set(Some(fresh));
                        problem.set(None);
                    }
                    Err(error) => problem.set(Some(api_error_text(&error))),
                }
            });
        }
    };
    load();
    if let Ok(ticking) = set_interval_with_handle(load, REFRESH) {
        on_cleanup(move || ticking.clear());
    }
    let export_problem = RwSignal::new(None::<String>);
    let export = {
        let market_id = market_id.clone();
        move |_| {
            let market_id = market_id.clone();
            spawn_local(async move {
                match api::attendance_csv(&market_id).await {
                    Ok(csv) => save_csv(&csv, &format!("jishi-{market_id}-attendance.csv")),
                    Err(error) => export_problem.set(Some(api_error_text(&error))),
                }
            });
        }
    };
    let shown = move || match counts.get() {
        Some(counts) => view! { <Counts counts/> }.into_any(),
        None if problem.with(Option::is_none) => {
            view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any()
        }
        None => ().into_any(),
    };
    view! {
        <FormPage title=label(|i| t_string!(i, attendance_title).to_string()) back=Back::Market(market_id.clone()) market=market_id.clone()>
            {shown}
            <ProblemLine text=problem/>
            {if in_wechat() {
                // WeChat's browser saves no files: the way to a browser that does.
                view! { <WayOutOfWechat why=move || t_string!(i18n, wechat_no_csv).to_string()/> }.into_any()
            } else {
                view! {
                    <button type="button" class="button" on:click=export.clone()>{t!(i18n, export_csv)}</button>
                    <p class="muted">{t!(i18n, export_hint)}</p>
                }.into_any()
            }}
            <ProblemLine text=export_problem/>
        </FormPage>
    }
}

#[component]
fn Counts(counts: Attendance) -> impl IntoView {
    let i18n = use_i18n();
    let tile = |value: i64, name: String, class: &'static str| {
        view! {
            <div class=format!("count-tile {class}")>
                <strong>{value}</strong>
                <span>{name}</span>
            </div>
        }
    };
    view! {
        <section class="count-tiles" aria-live="polite">
            {tile(counts.visitors, t_string!(i18n, count_visitors).to_string(), "visitors")}
            {tile(counts.booked, t_string!(i18n, count_booked).to_string(), "booked")}
            {tile(counts.arrived, t_string!(i18n, count_arrived).to_string(), "arrived")}
            {tile(counts.no_shows, t_string!(i18n, count_no_shows).to_string(), "no-shows")}
        </section>
        <section class="card">
            <h2>{t!(i18n, visitors_by_hour)}</h2>
            <HourChart hours=counts.by_hour/>
        </section>
    }
}

/// Visitors per hour, one row an hour over the market's hours; the latest hour with visitors (at a
/// live fair, now) is marked.
#[component]
fn HourChart(hours: Vec<HourCount>) -> impl IntoView {
    let i18n = use_i18n();
    let latest = hours.iter().rposition(|h| h.visitors > 0);
    let bars = hours
        .into_iter()
        .enumerate()
        .map(|(i, h)| Bar {
            strong: latest == Some(i),
            ..Bar::new(format!("{}:00", h.hour), h.visitors)
        })
        .collect();
    let headings = (
        t_string!(i18n, hour_col).to_string(),
        t_string!(i18n, count_visitors).to_string(),
    );
    view! { <Bars bars headings class="hour-bars"/> }
}
