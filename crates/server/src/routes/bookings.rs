//! Stallholders' bookings: book a stall (retries made harmless by `Idempotency-Key`), see one's
//! bookings and one booking, cancel; and the public keys that verify tickets.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use jishi_core::api::ErrorBody;
use jishi_core::{
    api::Items,
    booking::{
        Booking, BookingRequest, Decision, OnBehalfRequest, RejectRequest, WaitlistPlace,
        WaitlistRequest,
    },
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::bookings,
    state::AppState,
};

/// `POST /markets/{id}/bookings`: 201 with the booking.
#[utoipa::path(
    post,
    path = "/markets/{id}/bookings",
    tag = "bookings",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612"), ("Idempotency-Key" = Option<String>, Header, description = "The same key with the same request gets the first answer again")),
    request_body = BookingRequest,
    responses((status = 201, description = "The booking, `confirmed` with a ticket or `pending` approval", body = Booking), (status = 403, description = "`booking_closed`: not open yet, or closed", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`stall_taken`, `already_booked`", body = ErrorBody), (status = 422, description = "`plate_required`; `invalid_input` (with `field`); `key_reused`: the key answered another request", body = ErrorBody)),
    security(("bearer" = []))
)]
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
    let booking = bookings::book(&state.bookings(), &user, &market_id, &request, key).await?;
    Ok((StatusCode::CREATED, Json(booking)))
}

/// `GET /me/bookings`.
#[utoipa::path(
    get,
    path = "/me/bookings",
    tag = "bookings",
    responses((status = 200, description = "The caller's bookings", body = Items<Booking>)),
    security(("bearer" = []))
)]
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Items<Booking>>, AppError> {
    Ok(Json(Items {
        items: bookings::mine(&state.bookings(), &user).await?,
    }))
}

/// `GET /bookings/{id}`: the owner or the market's organisers; 404 for anyone else.
#[utoipa::path(
    get,
    path = "/bookings/{id}",
    tag = "bookings",
    params(("id" = String, Path, description = "The booking")),
    responses((status = 200, description = "The booking", body = Booking), (status = 404, description = "`not_found`: unknown, or someone else's", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn detail(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(bookings::get(&state.bookings(), &user, &id).await?))
}

/// `POST /bookings/{id}/cancel`: the owner, before the deadline.
#[utoipa::path(
    post,
    path = "/bookings/{id}/cancel",
    tag = "bookings",
    params(("id" = String, Path, description = "The booking")),
    responses((status = 200, description = "Cancelled", body = Booking), (status = 404, description = "`not_found`: unknown, or someone else's", body = ErrorBody), (status = 409, description = "`cancel_closed`: too close to the opening; `wrong_status`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(bookings::cancel(&state.bookings(), &user, &id).await?))
}

/// `GET /markets/{id}/bookings`: every booking of a market, for its organisers.
#[utoipa::path(
    get,
    path = "/markets/{id}/bookings",
    tag = "bookings",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "Every booking of the market", body = Items<Booking>), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn for_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<Json<Items<Booking>>, AppError> {
    Ok(Json(Items {
        items: bookings::for_market(&state.bookings(), &user, &market_id).await?,
    }))
}

/// `POST /bookings/{id}/approve`.
#[utoipa::path(
    post,
    path = "/bookings/{id}/approve",
    tag = "bookings",
    params(("id" = String, Path, description = "The booking")),
    responses((status = 200, description = "Confirmed", body = Booking), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`wrong_status`: not pending", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn approve(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(
        bookings::decide(&state.bookings(), &user, &id, Decision::Approve).await?,
    ))
}

/// `POST /bookings/{id}/reject {reason}`.
#[utoipa::path(
    post,
    path = "/bookings/{id}/reject",
    tag = "bookings",
    params(("id" = String, Path, description = "The booking")),
    request_body = RejectRequest,
    responses((status = 200, description = "Rejected", body = Booking), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`wrong_status`", body = ErrorBody), (status = 422, description = "`invalid_input`: no reason", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn reject(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(request): AppJson<RejectRequest>,
) -> Result<Json<Booking>, AppError> {
    let decision = Decision::Reject(request);
    Ok(Json(
        bookings::decide(&state.bookings(), &user, &id, decision).await?,
    ))
}

/// `POST /bookings/{id}/no-show`.
#[utoipa::path(
    post,
    path = "/bookings/{id}/no-show",
    tag = "bookings",
    params(("id" = String, Path, description = "The booking")),
    responses((status = 200, description = "Marked absent", body = Booking), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`wrong_status`: not confirmed, or the market has not opened", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn no_show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    Ok(Json(
        bookings::decide(&state.bookings(), &user, &id, Decision::NoShow).await?,
    ))
}

/// `POST /markets/{id}/bookings/on-behalf`: 201 with the booking (代办).
#[utoipa::path(
    post,
    path = "/markets/{id}/bookings/on-behalf",
    tag = "bookings",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    request_body = OnBehalfRequest,
    responses((status = 201, description = "The booking, confirmed (代办)", body = Booking), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`stall_taken`, `already_booked`", body = ErrorBody), (status = 422, description = "`plate_required`, `invalid_input` (with `field`)", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn on_behalf(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
    AppJson(request): AppJson<OnBehalfRequest>,
) -> Result<(StatusCode, Json<Booking>), AppError> {
    let booking = bookings::on_behalf(&state.bookings(), &user, &market_id, &request).await?;
    Ok((StatusCode::CREATED, Json(booking)))
}

/// `POST /markets/{id}/waitlist`: 201 with the caller's place in line.
#[utoipa::path(
    post,
    path = "/markets/{id}/waitlist",
    tag = "bookings",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    request_body = WaitlistRequest,
    responses((status = 201, description = "The caller's place in line", body = WaitlistPlace), (status = 403, description = "`booking_closed`", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`already_booked`", body = ErrorBody), (status = 422, description = "`plate_required`, `invalid_input`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn join_waitlist(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
    AppJson(request): AppJson<WaitlistRequest>,
) -> Result<(StatusCode, Json<WaitlistPlace>), AppError> {
    let place = bookings::join_waitlist(&state.bookings(), &user, &market_id, &request).await?;
    Ok((StatusCode::CREATED, Json(place)))
}

/// `DELETE /markets/{id}/waitlist`: 204.
#[utoipa::path(
    delete,
    path = "/markets/{id}/waitlist",
    tag = "bookings",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 204, description = "Off the waitlist"), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn leave_waitlist(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<StatusCode, AppError> {
    bookings::leave_waitlist(&state.bookings(), &user, &market_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
