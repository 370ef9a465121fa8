//! Messages: what a person wants to be told, what was sent about a booking or a market and how
//! far each got, a host unit's monthly count and limit, and the ready notices for WeChat groups.

use axum::{
    extract::{Path, State},
    Json,
};
use jishi_core::{
    api::{ErrorBody, Items},
    message::{LimitRequest, Message, MessageSettings, MessageUsage, Notice},
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::messages,
    state::AppState,
};

/// `GET /me/settings`: what the caller wants to be told, and in which language.
#[utoipa::path(
    get,
    path = "/me/settings",
    tag = "messages",
    responses((status = 200, description = "The caller's message settings", body = MessageSettings)),
    security(("bearer" = []))
)]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<MessageSettings>, AppError> {
    Ok(Json(messages::settings(&state.db, &user).await?))
}

/// `PUT /me/settings`: reminders on or off, quiet hours on or off, the messages' language.
#[utoipa::path(
    put,
    path = "/me/settings",
    tag = "messages",
    request_body = MessageSettings,
    responses((status = 200, description = "The settings kept", body = MessageSettings), (status = 422, description = "`invalid_json`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn set_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(settings): AppJson<MessageSettings>,
) -> Result<Json<MessageSettings>, AppError> {
    Ok(Json(
        messages::set_settings(&state.db, &user, settings).await?,
    ))
}

/// `GET /bookings/{id}/messages`: what was sent about a booking; its owner or the market's
/// organisers, 404 for anyone else.
#[utoipa::path(
    get,
    path = "/bookings/{id}/messages",
    tag = "messages",
    params(("id" = String, Path, description = "The booking")),
    responses((status = 200, description = "The booking's messages, oldest first", body = Items<Message>), (status = 404, description = "`not_found`: unknown, or someone else's", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn for_booking(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Items<Message>>, AppError> {
    Ok(Json(Items {
        items: messages::for_booking(&state.db, &user, &id).await?,
    }))
}

/// `GET /markets/{id}/messages`: every message about the market's bookings, for its organisers.
#[utoipa::path(
    get,
    path = "/markets/{id}/messages",
    tag = "messages",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "The messages, oldest first", body = Items<Message>), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn for_market(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Items<Message>>, AppError> {
    Ok(Json(Items {
        items: messages::for_market(&state.db, &user, &id).await?,
    }))
}

/// `GET /markets/{id}/notices`: ready notices for WeChat groups, in Chinese, with the link.
#[utoipa::path(
    get,
    path = "/markets/{id}/notices",
    tag = "messages",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "The notices that fit the market now", body = Items<Notice>), (status = 404, description = "`not_found`", body = ErrorBody))
)]
pub async fn notices(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Items<Notice>>, AppError> {
    Ok(Json(Items {
        items: messages::notices(&state.db, &id, state.proxies.origin(), state.clock.now()).await?,
    }))
}

/// `GET /host-units/{id}/messages`: this month's messages by market, against the limit.
#[utoipa::path(
    get,
    path = "/host-units/{id}/messages",
    tag = "messages",
    params(("id" = String, Path, description = "The host unit", example = "hu-xiaotong")),
    responses((status = 200, description = "This month's count and limit", body = MessageUsage), (status = 403, description = "`forbidden`: not an organiser of this host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn usage(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<MessageUsage>, AppError> {
    Ok(Json(
        messages::usage(&state.db, &user, &id, state.clock.now()).await?,
    ))
}

/// `PUT /host-units/{id}/messages/limit`: the monthly limit past which only cancellations go out.
#[utoipa::path(
    put,
    path = "/host-units/{id}/messages/limit",
    tag = "messages",
    params(("id" = String, Path, description = "The host unit", example = "hu-xiaotong")),
    request_body = LimitRequest,
    responses((status = 200, description = "This month's count and the new limit", body = MessageUsage), (status = 403, description = "`forbidden`: not an organiser of this host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 422, description = "`invalid_input`: over 1,000,000", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn set_limit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    AppJson(request): AppJson<LimitRequest>,
) -> Result<Json<MessageUsage>, AppError> {
    Ok(Json(
        messages::set_limit(&state.db, &user, &id, request, state.clock.now()).await?,
    ))
}
