//! `POST /api/v1/auth/otp`, `POST /api/v1/auth/session`, `DELETE /api/v1/auth/session`.

use axum::{extract::State, http::StatusCode, Json};
use jishi_core::api::ErrorBody;
use jishi_core::api::{Challenge, OtpRequest, OtpSent, Session, SessionRequest};

use crate::{
    error::{AppError, AppJson},
    extract::{BearerToken, ClientAddr},
    services::auth,
    state::AppState,
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
    let sent = auth::send_code(&state.accounts(), &body, &addr).await?;
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

/// 200 with a token and the user; 401 `wrong_code` (with `tries_left`) or `bad_code`.
#[utoipa::path(
    post,
    path = "/auth/session",
    tag = "auth",
    request_body = SessionRequest,
    responses((status = 200, description = "Logged in", body = Session), (status = 401, description = "`wrong_code`: not the code sent, may be typed again (`error.tries_left` more wrong tries from this device); `bad_code`: expired, used, never sent, or dead after the last wrong try", body = ErrorBody), (status = 422, description = "`invalid_phone`; `invalid_input` with `field` `code` when the code is not six digits", body = ErrorBody))
)]
pub async fn log_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    AppJson(body): AppJson<SessionRequest>,
) -> Result<Json<Session>, AppError> {
    Ok(Json(
        auth::log_in(&state.accounts(), &body.phone, &body.code, &addr).await?,
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
    auth::log_out(&state.accounts(), &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
