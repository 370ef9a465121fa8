//! A host unit's priority households (帮扶户), for its organisers: the list, marking an account by
//! phone, taking a mark off.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use jishi_core::{
    api::{ErrorBody, Items},
    household::{MarkRequest, PriorityHousehold},
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::households,
    state::AppState,
};

/// `GET /host-units/{id}/households`.
#[utoipa::path(
    get,
    path = "/host-units/{id}/households",
    tag = "households",
    params(("id" = String, Path, description = "The host unit", example = "hu-xiaotong")),
    responses(
        (status = 200, description = "The households the unit marks, the latest first", body = Items<PriorityHousehold>),
        (status = 403, description = "`forbidden`: not an organiser of this host unit", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(unit): Path<String>,
) -> Result<Json<Items<PriorityHousehold>>, AppError> {
    Ok(Json(Items {
        items: households::of_unit(&state.db, &user, &unit).await?,
    }))
}

/// `POST /host-units/{id}/households`: mark the account of a phone (made if new).
#[utoipa::path(
    post,
    path = "/host-units/{id}/households",
    tag = "households",
    params(("id" = String, Path, description = "The host unit", example = "hu-xiaotong")),
    request_body = MarkRequest,
    responses(
        (status = 200, description = "The list after it", body = Items<PriorityHousehold>),
        (status = 403, description = "`forbidden`: not an organiser of this host unit", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`invalid_phone`", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn mark(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(unit): Path<String>,
    AppJson(request): AppJson<MarkRequest>,
) -> Result<Json<Items<PriorityHousehold>>, AppError> {
    let items =
        households::mark(&state.db, state.clock.now(), &user, &unit, &request.phone).await?;
    Ok(Json(Items { items }))
}

/// `DELETE /host-units/{id}/households/{user_id}`: take the mark off.
#[utoipa::path(
    delete,
    path = "/host-units/{id}/households/{user_id}",
    tag = "households",
    params(
        ("id" = String, Path, description = "The host unit", example = "hu-xiaotong"),
        ("user_id" = String, Path, description = "The marked account")
    ),
    responses(
        (status = 204, description = "No longer marked"),
        (status = 403, description = "`forbidden`: not an organiser of this host unit", body = ErrorBody),
        (status = 404, description = "`not_found`: no such unit or mark", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn unmark(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((unit, user_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    households::unmark(&state.db, state.clock.now(), &user, &unit, &user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
