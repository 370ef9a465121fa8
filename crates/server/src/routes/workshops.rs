//! Workshops (共富工坊): the list, and one with its products (public).

use axum::{
    extract::{Path, State},
    Json,
};
use jishi_core::{
    api::{ErrorBody, Items},
    product::{Workshop, WorkshopSummary},
    when,
};

use crate::{error::AppError, state::AppState, store::workshops as store};

/// Every workshop.
#[utoipa::path(
    get,
    path = "/workshops",
    tag = "products",
    responses((status = 200, description = "Every workshop", body = Items<WorkshopSummary>))
)]
pub async fn workshops(
    State(state): State<AppState>,
) -> Result<Json<Items<WorkshopSummary>>, AppError> {
    Ok(Json(Items {
        items: store::workshops(&state.db).await?,
    }))
}

/// One workshop with its products.
#[utoipa::path(
    get,
    path = "/workshops/{id}",
    tag = "products",
    params(("id" = String, Path, description = "The workshop", example = "ws-ersao")),
    responses((status = 200, description = "The workshop with its products", body = Workshop), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn workshop(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Workshop>, AppError> {
    let this_month = u8::from(when::china_time(state.clock.now()).month());
    store::workshop(&state.db, &id, this_month)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}
