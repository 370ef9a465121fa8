//! `GET /api/v1/health`: the process answers and its database does too.

use axum::{extract::State, Json};
use jishi_core::api::Health;

use crate::{error::AppError, state::AppState, store};

/// 200 with the version when the database answers; 503 `unavailable` when it does not.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses((status = 200, description = "The process and its database answer", body = Health))
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    store::ping(&state.db)
        .await
        .map_err(|e| AppError::Unavailable(e.into()))?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}
