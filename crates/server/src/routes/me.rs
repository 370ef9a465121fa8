//! `GET /api/v1/me` and `PATCH /api/v1/me`: the caller's own profile.

use axum::{extract::State, Json};
use jishi_core::api::ErrorBody;
use jishi_core::{
    api::{UpdateMe, User},
    auth::{DisplayName, Village},
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::auth,
    state::AppState,
    store::users,
};

/// The caller.
#[utoipa::path(
    get,
    path = "/me",
    tag = "me",
    responses((status = 200, description = "The caller", body = User)),
    security(("bearer" = []))
)]
pub async fn get_me(CurrentUser(user): CurrentUser) -> Json<User> {
    Json(auth::to_api(&user))
}

/// Changes the display name and/or village; 422 `invalid_input` for a blank or over-long value.
#[utoipa::path(
    patch,
    path = "/me",
    tag = "me",
    request_body = UpdateMe,
    responses((status = 200, description = "The caller, changed", body = User), (status = 422, description = "`invalid_input`: a blank, over-long or multi-line name or village", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn update_me(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(body): AppJson<UpdateMe>,
) -> Result<Json<User>, AppError> {
    let name = body
        .name
        .as_deref()
        .map(DisplayName::parse)
        .transpose()
        .map_err(|e| AppError::InvalidInput(format!("name {e}")))?;
    let village = body
        .village
        .as_deref()
        .map(Village::parse)
        .transpose()
        .map_err(|e| AppError::InvalidInput(format!("village {e}")))?;
    users::update_profile(
        &state.db,
        &user.id,
        name.as_ref().map(DisplayName::as_str),
        village.as_ref().map(Village::as_str),
    )
    .await?;
    let updated = users::get(&state.db, &user.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    Ok(Json(auth::to_api(&updated)))
}
