//! Stall calls: a market's stalls (public), and for its organisers the whole layout at once, or a
//! copy of the series' previous market's.

use axum::{
    extract::{Path, State},
    Json,
};
use jishi_core::{
    api::{ErrorBody, Items},
    market::{LayoutCopy, Stall, StallDraft},
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services,
    state::AppState,
    store::stalls,
};

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
    let items =
        services::stalls::set_layout(&state.db, state.clock.now(), &user, &id, layout.items)
            .await?;
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
    let items =
        services::stalls::copy_layout(&state.db, state.clock.now(), &user, &id, &copy.from).await?;
    Ok(Json(Items { items }))
}
