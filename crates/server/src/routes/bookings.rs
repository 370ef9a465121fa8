//! Stallholders' bookings: book a stall (retries made harmless by `Idempotency-Key`), see one's
//! bookings and one booking, cancel; and the public keys that verify tickets.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use jishi_core::{
    api::Items,
    booking::{
        Booking, BookingRequest, OnBehalfRequest, RejectRequest, WaitlistPlace, WaitlistRequest,
    },
    token,
};
use serde_json::{json, Value};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::bookings::{self, Decision},
    startup::AppState,
};

/// `POST /markets/{id}/bookings`: 201 with the booking.
pub async fn book(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
    headers: HeaderMap,
    AppJson(request): AppJson<BookingRequest>,
) -> Result<(StatusCode, Json<Booking>), AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100);
    let booking = bookings::book(&state, &user, &market_id, &request, key).await?;
    Ok((StatusCode::CREATED, Json(booking)))
}

/// `GET /me/bookings`.
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Items<Booking>>, AppError> {
    Ok(Json(Items {
        items: bookings::mine(&state, &user).await?,
    }))
}

/// `GET /bookings/{id}`: the owner or the market's organisers; 404 for anyone else.
pub async fn detail(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(bookings::get(&state, &user, &id).await?))
}

/// `POST /bookings/{id}/cancel`: the owner, before the deadline.
pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(bookings::cancel(&state, &user, &id).await?))
}

/// `GET /markets/{id}/bookings`: every booking of a market, for its organisers.
pub async fn for_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<Json<Items<Booking>>, AppError> {
    Ok(Json(Items {
        items: bookings::for_market(&state, &user, &market_id).await?,
    }))
}

/// `POST /bookings/{id}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(
        bookings::decide(&state, &user, &id, Decision::Approve).await?,
    ))
}

/// `POST /bookings/{id}/reject {reason}`.
pub async fn reject(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(request): AppJson<RejectRequest>,
) -> Result<Json<Booking>, AppError> {
    let decision = Decision::Reject(&request);
    Ok(Json(bookings::decide(&state, &user, &id, decision).await?))
}

/// `POST /bookings/{id}/no-show`.
pub async fn no_show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(
        bookings::decide(&state, &user, &id, Decision::NoShow).await?,
    ))
}

/// `POST /markets/{id}/bookings/on-behalf`: 201 with the booking (代办).
pub async fn on_behalf(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
    AppJson(request): AppJson<OnBehalfRequest>,
) -> Result<(StatusCode, Json<Booking>), AppError> {
    let booking = bookings::on_behalf(&state, &user, &market_id, &request).await?;
    Ok((StatusCode::CREATED, Json(booking)))
}

/// `POST /markets/{id}/waitlist`: 201 with the caller's place in line.
pub async fn join_waitlist(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
    AppJson(request): AppJson<WaitlistRequest>,
) -> Result<(StatusCode, Json<WaitlistPlace>), AppError> {
    let place = bookings::join_waitlist(&state, &user, &market_id, &request).await?;
    Ok((StatusCode::CREATED, Json(place)))
}

/// `DELETE /markets/{id}/waitlist`: 204.
pub async fn leave_waitlist(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<StatusCode, AppError> {
    bookings::leave_waitlist(&state, &user, &market_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /checkin/keys`: the public keys that verify tickets and posters.
pub async fn keys(State(state): State<AppState>) -> Json<Value> {
    let keys: Vec<Value> = state
        .signer
        .public_keys()
        .iter()
        .map(|(kid, key)| json!({"kid": kid, "alg": "Ed25519", "public_key": token::public_key_text(key)}))
        .collect();
    Json(json!({ "keys": keys }))
}
