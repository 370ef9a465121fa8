//! Stall lotteries: apply at a lottery market during its window, see and withdraw one's
//! application, the draw as published (anyone), and an organiser's draw once the window closed.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use jishi_core::{
    api::ErrorBody,
    lottery::{Application, ApplicationRequest, Draw},
};

use crate::{
    error::{AppError, AppJson},
    extract::CurrentUser,
    services::lottery,
    state::AppState,
};

/// `POST /markets/{id}/applications`: 201 with the application.
#[utoipa::path(
    post,
    path = "/markets/{id}/applications",
    tag = "lottery",
    params(("id" = String, Path, description = "A lottery market", example = "m-xiaotong-loquat")),
    request_body = ApplicationRequest,
    responses(
        (status = 201, description = "In the draw", body = Application),
        (status = 403, description = "`booking_closed`: applications are not open, or the market is not going ahead", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`already_applied`; `wrong_status`: the market gives its stalls first come", body = ErrorBody),
        (status = 422, description = "`invalid_input` (with `field`: goods, plate, zones)", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn apply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
    AppJson(request): AppJson<ApplicationRequest>,
) -> Result<(StatusCode, Json<Application>), AppError> {
    let application =
        lottery::apply(&state.db, state.clock.now(), &user, &market_id, &request).await?;
    Ok((StatusCode::CREATED, Json(application)))
}

/// `GET /markets/{id}/applications/mine`.
#[utoipa::path(
    get,
    path = "/markets/{id}/applications/mine",
    tag = "lottery",
    params(("id" = String, Path, description = "A lottery market")),
    responses(
        (status = 200, description = "The caller's application and where it stands", body = Application),
        (status = 404, description = "`not_found`: none", body = ErrorBody),
        (status = 409, description = "`wrong_status`: not a lottery market", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<Json<Application>, AppError> {
    Ok(Json(lottery::mine(&state.db, &user, &market_id).await?))
}

/// `DELETE /markets/{id}/applications/mine`: withdraw before the draw.
#[utoipa::path(
    delete,
    path = "/markets/{id}/applications/mine",
    tag = "lottery",
    params(("id" = String, Path, description = "A lottery market")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, description = "`booking_closed`: applications have closed (or it was drawn)", body = ErrorBody),
        (status = 404, description = "`not_found`: no application", body = ErrorBody),
        (status = 409, description = "`wrong_status`: not a lottery market", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<StatusCode, AppError> {
    lottery::withdraw(&state.db, state.clock.now(), &user, &market_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /markets/{id}/draw`: the commitment from the start; after the draw, all it took.
#[utoipa::path(
    get,
    path = "/markets/{id}/draw",
    tag = "lottery",
    params(("id" = String, Path, description = "A lottery market")),
    responses(
        (status = 200, description = "The draw as published", body = Draw),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_status`: the market gives its stalls first come", body = ErrorBody)
    )
)]
pub async fn draw(
    State(state): State<AppState>,
    Path(market_id): Path<String>,
) -> Result<Json<Draw>, AppError> {
    Ok(Json(lottery::published(&state.db, &market_id).await?))
}

/// `POST /markets/{id}/draw`: the market's organisers draw once applications have closed (the
/// server would, within `--draw-every` seconds); again, it gives the draw made.
#[utoipa::path(
    post,
    path = "/markets/{id}/draw",
    tag = "lottery",
    params(("id" = String, Path, description = "A lottery market")),
    responses(
        (status = 200, description = "The draw made", body = Draw),
        (status = 403, description = "`forbidden`: not an organiser of its host unit", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`wrong_status`: applications have not closed, the market was called off undrawn, or not a lottery market", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn draw_now(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<Json<Draw>, AppError> {
    Ok(Json(
        lottery::draw_now(&state.db, state.clock.now(), &user, &market_id).await?,
    ))
}
