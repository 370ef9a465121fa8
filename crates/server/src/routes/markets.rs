//! Market calls: the public list, one market, an `.ics` for the phone's calendar and the picture of
//! its share card; and for its
//! organisers (their own host units; admins: all) creating, changing and cancelling a market, a
//! monthly series, and the host units a form chooses from.

use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use jishi_core::api::ErrorBody;
use jishi_core::{
    api::Items,
    market::{
        CancelRequest, HostUnit, Market, MarketDraft, MarketKind, MarketPatch, MarketStatus,
        SeriesCreated, SeriesRequest,
    },
    when, Lang,
};
use serde::Deserialize;
use time::Date;

use crate::{
    calendar,
    error::{AppError, AppJson},
    extract::CurrentUser,
    services, share_image,
    state::AppState,
    store::{
        markets::{self, MarketFilter},
        places,
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
        from: when::start_of_day(from),
        until: to.and_then(|to| to.next_day()).map(when::start_of_day),
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

/// Every host unit with its usual venue (public: the names are on every market anyway).
#[utoipa::path(
    get,
    path = "/host-units",
    tag = "markets",
    responses((status = 200, description = "Every host unit with its usual venue", body = Items<HostUnit>))
)]
pub async fn host_units(State(state): State<AppState>) -> Result<Json<Items<HostUnit>>, AppError> {
    Ok(Json(Items {
        items: places::host_units(&state.db).await?,
    }))
}

/// `POST /markets`: 201 with the market as `GET /markets/{id}` shows it.
#[utoipa::path(
    post,
    path = "/markets",
    tag = "markets",
    request_body = MarketDraft,
    responses((status = 201, description = "The market as `GET /markets/{id}` shows it", body = Market), (status = 403, description = "`forbidden`: not an organiser of that host unit", body = ErrorBody), (status = 422, description = "`invalid_input` (with `field`); `invalid_date`: ends before it starts, booking after the end, in the past, over a week long, or more than five years ahead", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn create_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(draft): AppJson<MarketDraft>,
) -> Result<(StatusCode, Json<Market>), AppError> {
    let market =
        services::markets::create_market(&state.db, state.clock.now(), &user, draft).await?;
    Ok((StatusCode::CREATED, Json(market)))
}

/// `PATCH /markets/{id}`: the fields given change; the rest stay.
#[utoipa::path(
    patch,
    path = "/markets/{id}",
    tag = "markets",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    request_body = MarketPatch,
    responses((status = 200, description = "The market, changed", body = Market), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 422, description = "`invalid_input` (with `field`), `invalid_date`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn update_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(patch): AppJson<MarketPatch>,
) -> Result<Json<Market>, AppError> {
    Ok(Json(
        services::markets::update_market(&state.db, state.clock.now(), &user, &id, patch).await?,
    ))
}

/// `POST /markets/{id}/cancel {reason}`.
#[utoipa::path(
    post,
    path = "/markets/{id}/cancel",
    tag = "markets",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    request_body = CancelRequest,
    responses((status = 200, description = "The market, cancelled", body = Market), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 422, description = "`invalid_input`: no reason", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn cancel_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(request): AppJson<CancelRequest>,
) -> Result<Json<Market>, AppError> {
    Ok(Json(
        services::markets::cancel_market(&state.db, state.clock.now(), &user, &id, request).await?,
    ))
}

/// `POST /series`: 201 with the series id and every market it created.
#[utoipa::path(
    post,
    path = "/series",
    tag = "markets",
    request_body = SeriesRequest,
    responses((status = 201, description = "The series and every market it made", body = SeriesCreated), (status = 403, description = "`forbidden`: a host unit the caller does not organise", body = ErrorBody), (status = 422, description = "`invalid_input` (with `field`), `invalid_date`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn create_series(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<SeriesRequest>,
) -> Result<(StatusCode, Json<SeriesCreated>), AppError> {
    let created =
        services::markets::create_series(&state.db, state.clock.now(), &user, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
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

/// The picture a shared market's card shows: its title, day and place in large type.
#[utoipa::path(
    get,
    path = "/markets/{id}/share.png",
    tag = "markets",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "A 500×400 PNG", content_type = "image/png", body = Vec<u8>), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn share_image(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let market = markets::get(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let when = when::day_and_hours(market.starts_at, market.ends_at, Lang::ZhCn);
    let when = match market.status {
        MarketStatus::Scheduled => when,
        MarketStatus::Cancelled => format!("已取消 · {when}"),
        MarketStatus::Postponed => format!("已延期 · {when}"),
    };
    // The venue, with its village unless its name says it already: what fits in one line.
    let venue = &market.venue;
    let place = match venue.name.contains(&venue.village) {
        true => venue.name.clone(),
        false => format!("{} · {}", venue.village, venue.name),
    };
    picture(market.title, vec![when, place]).await
}

/// The picture of the schedule's share card (and of any page without one of its own).
#[utoipa::path(
    get,
    path = "/share.png",
    tag = "markets",
    responses((status = 200, description = "A 500×400 PNG", content_type = "image/png", body = Vec<u8>))
)]
pub async fn site_share_image() -> Result<impl IntoResponse, AppError> {
    picture(
        "集市通".into(),
        vec![
            "浙江乡村助富集市".into(),
            "时间地点 · 摊位预约 · 扫码签到".into(),
        ],
    )
    .await
}

/// A share picture, drawn off the async threads (a few milliseconds of work).
async fn picture(title: String, lines: Vec<String>) -> Result<impl IntoResponse, AppError> {
    let png = tokio::task::spawn_blocking(move || {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        share_image::draw(&share_image::ShareText {
            title: &title,
            lines: &lines,
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    // Chat apps fetch it for every card they draw; a market's words change seldom.
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=600"),
        ],
        png,
    ))
}

fn parse_date(text: &str) -> Result<Date, AppError> {
    when::parse_date(text).ok_or_else(|| AppError::InvalidDate(text.to_owned()))
}
