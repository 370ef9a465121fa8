//! The month calendar of the 集市 tab: a grid of the month's days where market days are links, and
//! below it the markets of the day picked (by default today's, or the next market day).

use jishi_core::{
    market::{Market, MarketStatus},
    monthly::{YearMonth, WEEK},
    when,
};
use leptos::prelude::*;
use time::{Date, Duration};

use super::query::ScheduleQuery;
use crate::{i18n::*, market_card::MarketCard, today::use_today};

/// `month` as a calendar of `markets` (already filtered, all within the month).
#[component]
pub fn MonthCalendar(
    query: ScheduleQuery,
    month: YearMonth,
    markets: Vec<Market>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = use_today();
    let market_days: Vec<Date> = markets
        .iter()
        .map(|m| when::china_date(m.starts_at))
        .collect();
    let picked = pick_day(query.day, today, month, &market_days);
    let link = |month: YearMonth, day: Option<Date>| {
        ScheduleQuery {
            month: Some(month),
            day,
            ..query.clone()
        }
        .href()
    };
    let (previous, next) = (link(month.plus(-1), None), link(month.next(), None));

    let first = month.first_day();
    let lead = first.weekday().number_days_from_monday();
    let length = (month.next().first_day() - first).whole_days();
    let blanks = (0..lead).map(|_| view! { <span aria-hidden="true"></span> }.into_any());
    let days = (0..length).map(|offset| {
        let date = first + Duration::days(offset);
        let on_day: Vec<&Market> = markets
            .iter()
            .filter(|m| when::china_date(m.starts_at) == date)
            .collect();
        let is_today = date == today;
        if on_day.is_empty() {
            return view! { <span class="cal-day" class:today=is_today>{date.day()}</span> }
                .into_any();
        }
        let all_off = on_day.iter().all(|m| m.status != MarketStatus::Scheduled);
        let starts = on_day[0].starts_at;
        view! {
            <a
                class="cal-day has-market"
                class:today=is_today
                class:off=all_off
                href=link(month, Some(date))
                aria-current=(picked == Some(date)).then_some("date")
                aria-label=move || when::day_label(starts, lang.get())
            >
                {date.day()}
                <span class="dot" aria-hidden="true"></span>
            </a>
        }
        .into_any()
    });
    let cells: Vec<AnyView> = blanks.chain(days).collect();

    let of_day: Vec<Market> = markets
        .iter()
        .filter(|m| Some(when::china_date(m.starts_at)) == picked)
        .cloned()
        .collect();
    let below = match picked {
        Some(_) => {
            let starts = of_day[0].starts_at;
            view! {
                <section class="day">
                    <h2 class="day-label">{move || when::day_label(starts, lang.get())}</h2>
                    {of_day.into_iter().map(|market| view! { <MarketCard market/> }).collect_view()}
                </section>
            }
            .into_any()
        }
        None => view! {
            <p class="card muted">
                {t!(i18n, month_empty)} " " <a href=next.clone()>{t!(i18n, month_next)}</a>
            </p>
        }
        .into_any(),
    };

    view! {
        <section class="calendar" aria-labelledby="cal-month">
            <header class="cal-head">
                <a class="cal-nav" href=previous aria-label=move || t_string!(i18n, month_previous)>"‹"</a>
                <h2 id="cal-month">{move || when::month_label(month, lang.get())}</h2>
                <a class="cal-nav" href=next aria-label=move || t_string!(i18n, month_next)>"›"</a>
            </header>
            <div class="cal-grid">
                {WEEK
                    .map(|day| view! { <span class="cal-weekday">{move || when::weekday_short(day, lang.get())}</span> })
                    .collect_view()}
                {cells}
            </div>
        </section>
        {below}
    }
}

/// The day whose markets show below the grid: the one in the URL if it has markets, else today if it
/// has, else the next market day of the month, else its first.
fn pick_day(
    asked: Option<Date>,
    today: Date,
    month: YearMonth,
    market_days: &[Date],
) -> Option<Date> {
    let has = |day: &Date| market_days.contains(day);
    asked
        .filter(has)
        .or_else(|| Some(today).filter(has))
        .or_else(|| market_days.iter().copied().filter(|d| *d >= today).min())
        .or_else(|| market_days.iter().copied().min())
        .filter(|day| YearMonth::of(*day) == month)
}
