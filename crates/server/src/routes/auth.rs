//! `POST /api/v1/auth/otp`, `POST /api/v1/auth/session`, `DELETE /api/v1/auth/session`.

use axum::{extract::State, http::StatusCode, Json};
use jishi_core::api::{Challenge, OtpRequest, OtpSent, Session, SessionRequest};

use crate::{
    error::{AppError, AppJson},
    extract::{BearerToken, ClientAddr},
    services::auth,
    startup::AppState,
};

/// 202 and a code on its way; 422 `invalid_phone`; 429 `rate_limited` with `Retry-After`.
pub async fn request_code(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    AppJson(body): AppJson<OtpRequest>,
) -> Result<(StatusCode, Json<OtpSent>), AppError> {
    let sent = auth::send_code(&state, &body, &addr).await?;
    Ok((StatusCode::ACCEPTED, Json(sent)))
}

/// 201 with a picture challenge, for the code request that answered 429 `challenge_required`.
pub async fn challenge(State(state): State<AppState>) -> (StatusCode, Json<Challenge>) {
    (
        StatusCode::CREATED,
        Json(state.challenges.issue(state.clock.now())),
    )
}

/// 200 with a token and the user; 401 `bad_code`.
pub async fn log_in(
    State(state): State<AppState>,
    AppJson(body): AppJson<SessionRequest>,
) -> Result<Json<Session>, AppError> {
    Ok(Json(auth::log_in(&state, &body.phone, &body.code).await?))
}

/// 204; the token stops working at once.
pub async fn log_out(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
) -> Result<StatusCode, AppError> {
    auth::log_out(&state, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
