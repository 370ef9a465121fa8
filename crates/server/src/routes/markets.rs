//! Public market calls: the list, one market, its stalls, and an `.ics` for the phone's calendar.

use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::header,
    response::IntoResponse,
    Json,
};
use jishi_core::api::ErrorBody;
use jishi_core::{
    api::Items,
    market::{Market, MarketKind, Stall, CHINA},
    when,
};
use serde::Deserialize;
use time::{Date, Time};

use crate::{
    error::AppError,
    services::calendar,
    startup::AppState,
    store::{
        markets::{self, MarketFilter},
        stalls,
    },
};

/// `?from=&to=&town=&kind=`; dates are China dates `YYYY-MM-DD`, `to` inclusive.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// The first day (China date, `YYYY-MM-DD`); today when left out.
    #[param(format = Date)]
    from: Option<String>,
    /// The last day, inclusive.
    #[param(format = Date)]
    to: Option<String>,
    /// Only markets in this town (镇/街道).
    town: Option<String>,
    /// Only markets of this kind.
    #[param(value_type = Option<MarketKind>)]
    kind: Option<String>,
}

/// Upcoming markets (from today unless `from` says otherwise), soonest first.
#[utoipa::path(
    get,
    path = "/markets",
    tag = "markets",
    params(ListParams),
    responses((status = 200, description = "Coming markets, soonest first", body = Items<Market>), (status = 422, description = "`invalid_date`: a date that is not YYYY-MM-DD, or `to` before `from`; `invalid_input`: an unknown kind", body = ErrorBody))
)]
pub async fn list(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Items<Market>>, AppError> {
    let Query(params) = params.map_err(|e| AppError::InvalidInput(e.body_text()))?;
    let today = when::china_time(state.clock.now()).date();
    let from = params
        .from
        .as_deref()
        .map(parse_date)
        .transpose()?
        .unwrap_or(today);
    let to = params.to.as_deref().map(parse_date).transpose()?;
    if to.is_some_and(|to| to < from) {
        return Err(AppError::InvalidDate("`to` is before `from`".into()));
    }
    let kind = super::filter("kind", params.kind.as_deref(), MarketKind::parse)?;
    let filter = MarketFilter {
        from: start_of(from),
        until: to.and_then(|to| to.next_day()).map(start_of),
        town: params.town.filter(|t| !t.trim().is_empty()),
        kind,
    };
    Ok(Json(Items {
        items: markets::list(&state.db, &filter).await?,
    }))
}

/// One market; 404 `not_found` for an unknown id.
#[utoipa::path(
    get,
    path = "/markets/{id}",
    tag = "markets",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "The market", body = Market), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Market>, AppError> {
    markets::get(&state.db, &id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// The stall list of a market; 404 for an unknown market.
#[utoipa::path(
    get,
    path = "/markets/{id}/stalls",
    tag = "stalls",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "Its stalls", body = Items<Stall>), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn stalls(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Items<Stall>>, AppError> {
    let items = stalls::stalls(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(Items { items }))
}

/// The market as an iCalendar event, to add to the phone's calendar.
#[utoipa::path(
    get,
    path = "/markets/{id}/calendar.ics",
    tag = "markets",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "An iCalendar event (RFC 5545)", content_type = "text/calendar", body = String), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn calendar_ics(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let market = markets::get(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let revision = markets::revision(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = calendar::event(&market, revision, state.clock.now());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"jishi-{}.ics\"", market.id),
            ),
        ],
        body,
    ))
}

fn parse_date(text: &str) -> Result<Date, AppError> {
    when::parse_date(text).ok_or_else(|| AppError::InvalidDate(text.to_owned()))
}

fn start_of(day: Date) -> i64 {
    day.with_time(Time::MIDNIGHT)
        .assume_offset(CHINA)
        .unix_timestamp()
}
