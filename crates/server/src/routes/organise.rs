//! Organisers' calls: create, change and cancel markets, create a monthly series, and list the host
//! units a form can choose from. Each is limited to the caller's own host units (admins: all).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use jishi_core::api::ErrorBody;
use jishi_core::{
    api::Items,
    market::{LayoutCopy, Market, Stall, StallDraft},
    organise::{CancelRequest, HostUnit, MarketDraft, MarketPatch, SeriesCreated, SeriesRequest},
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::organise,
    startup::AppState,
    store::places,
};

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
    let market = organise::create_market(&state, &user, draft).await?;
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
        organise::update_market(&state, &user, &id, patch).await?,
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
        organise::cancel_market(&state, &user, &id, request).await?,
    ))
}

/// `PUT /markets/{id}/stalls {"items": [...]}`: the market's whole layout.
#[utoipa::path(
    put,
    path = "/markets/{id}/stalls",
    tag = "stalls",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    request_body = Items<StallDraft>,
    responses((status = 200, description = "The new layout", body = Items<Stall>), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`wrong_status`: a stall that is booked would go", body = ErrorBody), (status = 422, description = "`invalid_input`: a bad, repeated or missing stall code, zone or fee", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn set_layout(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(layout): AppJson<Items<StallDraft>>,
) -> Result<Json<Items<Stall>>, AppError> {
    let items = organise::set_layout(&state, &user, &id, layout.items).await?;
    Ok(Json(Items { items }))
}

/// `POST /markets/{id}/stalls/copy {"from"}`: the layout of an earlier market of the same series.
#[utoipa::path(
    post,
    path = "/markets/{id}/stalls/copy",
    tag = "stalls",
    params(("id" = String, Path, description = "The market to lay out", example = "m-luqiao-202612")),
    request_body = LayoutCopy,
    responses((status = 200, description = "The copied layout", body = Items<Stall>), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`wrong_status`: a stall that is booked would go", body = ErrorBody), (status = 422, description = "`invalid_input`: not a market of the same series", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn copy_layout(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(copy): AppJson<LayoutCopy>,
) -> Result<Json<Items<Stall>>, AppError> {
    let items = organise::copy_layout(&state, &user, &id, &copy.from).await?;
    Ok(Json(Items { items }))
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
    let created = organise::create_series(&state, &user, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}
