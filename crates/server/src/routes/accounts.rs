//! Accounts: logging in by a texted code (`POST /api/v1/auth/otp`, a picture challenge past the
//! day's free codes, `POST` and `DELETE /api/v1/auth/session`) and the caller's own profile
//! (`GET` and `PATCH /api/v1/me`).

use axum::{extract::State, http::StatusCode, Json};
use jishi_core::{
    api::{Challenge, ErrorBody, OtpRequest, OtpSent, Session, SessionRequest, UpdateMe, User},
    auth::{DisplayName, Village},
};

use crate::{
    error::{AppError, AppJson},
    extract::{BearerToken, ClientAddr, CurrentUser},
    services::{accounts, households},
    state::AppState,
    store::users,
};

/// 202 and a code on its way; 422 `invalid_phone`; 429 `rate_limited` with `Retry-After`.
#[utoipa::path(
    post,
    path = "/auth/otp",
    tag = "auth",
    request_body = OtpRequest,
    responses((status = 202, description = "A code is on its way", body = OtpSent), (status = 422, description = "`invalid_phone`; `bad_challenge`: the picture was misread, or is used or expired", body = ErrorBody), (status = 429, description = "`rate_limited` (see `Retry-After`); `challenge_required`: answer a picture challenge (`POST /auth/challenge`) and ask again", body = ErrorBody))
)]
pub async fn request_code(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    AppJson(body): AppJson<OtpRequest>,
) -> Result<(StatusCode, Json<OtpSent>), AppError> {
    let sent = accounts::send_code(&state.accounts(), &body, &addr).await?;
    Ok((StatusCode::ACCEPTED, Json(sent)))
}

/// 201 with a picture challenge, for the code request that answered 429 `challenge_required`.
#[utoipa::path(
    post,
    path = "/auth/challenge",
    tag = "auth",
    responses((status = 201, description = "A picture of four digits", body = Challenge))
)]
pub async fn challenge(State(state): State<AppState>) -> (StatusCode, Json<Challenge>) {
    (
        StatusCode::CREATED,
        Json(state.challenges.issue(state.clock.now())),
    )
}

/// 200 with a token and the user; 401 `wrong_code` (with `tries_left`) or `bad_code`; 429 after the
/// last wrong try.
#[utoipa::path(
    post,
    path = "/auth/session",
    tag = "auth",
    request_body = SessionRequest,
    responses((status = 200, description = "Logged in", body = Session), (status = 401, description = "`wrong_code`: not the code sent, may be typed again (`error.tries_left` more wrong tries from this device); `bad_code`: expired, used, never sent, or dead after twenty wrong tries from anyone", body = ErrorBody), (status = 429, description = "`rate_limited`: five wrong codes from this device within five minutes; `Retry-After` says when it may try again", body = ErrorBody), (status = 422, description = "`invalid_phone`; `invalid_input` with `field` `code` when the code is not six digits", body = ErrorBody))
)]
pub async fn log_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    AppJson(body): AppJson<SessionRequest>,
) -> Result<Json<Session>, AppError> {
    Ok(Json(
        accounts::log_in(&state.accounts(), &body.phone, &body.code, &addr).await?,
    ))
}

/// 204; the token stops working at once.
#[utoipa::path(
    delete,
    path = "/auth/session",
    tag = "auth",
    responses((status = 204, description = "The token no longer works")),
    security(("bearer" = []))
)]
pub async fn log_out(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
) -> Result<StatusCode, AppError> {
    accounts::log_out(&state.accounts(), &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller.
#[utoipa::path(
    get,
    path = "/me",
    tag = "me",
    responses((status = 200, description = "The caller", body = User)),
    security(("bearer" = []))
)]
pub async fn get_me(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<User>, AppError> {
    Ok(Json(User {
        priority_of: households::marks_of(&state.db, &user).await?,
        ..accounts::to_api(&user)
    }))
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
    Ok(Json(accounts::to_api(&updated)))
}
