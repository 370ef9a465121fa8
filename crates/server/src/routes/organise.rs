//! Organisers' calls: create, change and cancel markets, create a monthly series, and list the host
//! units a form can choose from. Each is limited to the caller's own host units (admins: all).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use jishi_core::{
    api::Items,
    market::{Market, Stall, StallDraft},
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
pub async fn host_units(State(state): State<AppState>) -> Result<Json<Items<HostUnit>>, AppError> {
    Ok(Json(Items {
        items: places::host_units(&state.db).await?,
    }))
}

/// `POST /markets`: 201 with the market as `GET /markets/{id}` shows it.
pub async fn create_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(draft): AppJson<MarketDraft>,
) -> Result<(StatusCode, Json<Market>), AppError> {
    let market = organise::create_market(&state, &user, draft).await?;
    Ok((StatusCode::CREATED, Json(market)))
}

/// `PATCH /markets/{id}`: the fields given change; the rest stay.
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
pub async fn set_layout(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(layout): AppJson<Items<StallDraft>>,
) -> Result<Json<Items<Stall>>, AppError> {
    let items = organise::set_layout(&state, &user, &id, layout.items).await?;
    Ok(Json(Items { items }))
}

/// `{"from": market_id}`.
#[derive(Debug, serde::Deserialize)]
pub struct CopyFrom {
    from: String,
}

/// `POST /markets/{id}/stalls/copy {"from"}`: the layout of an earlier market of the same series.
pub async fn copy_layout(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(copy): AppJson<CopyFrom>,
) -> Result<Json<Items<Stall>>, AppError> {
    let items = organise::copy_layout(&state, &user, &id, &copy.from).await?;
    Ok(Json(Items { items }))
}

/// `POST /series`: 201 with the series id and every market it created.
pub async fn create_series(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<SeriesRequest>,
) -> Result<(StatusCode, Json<SeriesCreated>), AppError> {
    let created = organise::create_series(&state, &user, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}
