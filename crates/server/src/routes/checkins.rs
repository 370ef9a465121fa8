//! Check-ins: visitors from the poster (no login), stallholders' arrivals scanned by organisers one
//! at a time or as an offline queue, the poster to print, and attendance (live counts and CSV).

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use jishi_core::api::ErrorBody;
use jishi_core::checkin::{
    Arrival, Attendance, BatchAnswer, CheckinBatch, CheckinKeys, Poster, PublishedKey,
    StallCheckin, VisitorCheckin, VisitorWelcome, MAX_BATCH,
};
use jishi_core::token;

use crate::{
    error::{request_lang, AppError, AppJson},
    extract::CurrentUser,
    services::checkins::{self, Scan},
    state::AppState,
};

/// `POST /checkins`: 201 the first time a phone checks in at a market, 200 after.
#[utoipa::path(
    post,
    path = "/checkins",
    tag = "checkins",
    request_body = VisitorCheckin,
    responses((status = 201, description = "The first visit of this phone", body = VisitorWelcome), (status = 200, description = "This phone was counted before", body = VisitorWelcome), (status = 400, description = "`bad_token`: forged, altered or unknown poster or code", body = ErrorBody), (status = 409, description = "`not_open`: not the market's day", body = ErrorBody), (status = 422, description = "`invalid_input` (with `field`)", body = ErrorBody))
)]
pub async fn visitor(
    State(state): State<AppState>,
    AppJson(request): AppJson<VisitorCheckin>,
) -> Result<(StatusCode, Json<VisitorWelcome>), AppError> {
    let (first, welcome) = checkins::visitor(&state.checkins(), &request).await?;
    Ok((first_or_again(first), Json(welcome)))
}

fn first_or_again(first: bool) -> StatusCode {
    if first {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// `POST /checkins/stall`: 201 at a stallholder's first scan, 200 after.
#[utoipa::path(
    post,
    path = "/checkins/stall",
    tag = "checkins",
    request_body = StallCheckin,
    responses((status = 201, description = "The stallholder's first scan", body = Arrival), (status = 200, description = "Scanned in before", body = Arrival), (status = 400, description = "`bad_token`", body = ErrorBody), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody), (status = 409, description = "`wrong_market`, `not_confirmed`, `not_open`", body = ErrorBody), (status = 422, description = "`invalid_input`; `key_reused`: the nonce answered another scan", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn stall(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<StallCheckin>,
) -> Result<(StatusCode, Json<Arrival>), AppError> {
    match checkins::stall(&state.checkins(), &user, &request).await? {
        Scan::Arrived(arrival) => Ok((first_or_again(arrival.first), Json(arrival))),
        Scan::Refused(code) => Err(AppError::Refused(code)),
    }
}

/// `POST /checkins/batch`: each scan answered as `POST /checkins/stall` would, in order.
#[utoipa::path(
    post,
    path = "/checkins/batch",
    tag = "checkins",
    request_body = CheckinBatch,
    responses((status = 200, description = "Each scan answered as `POST /checkins/stall` would, in order", body = jishi_core::api::Items<BatchAnswer>), (status = 422, description = "`invalid_input`: more than 500 scans", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn batch(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    AppJson(batch): AppJson<CheckinBatch>,
) -> Result<Json<jishi_core::api::Items<BatchAnswer>>, AppError> {
    if batch.items.len() > MAX_BATCH {
        return Err(AppError::InvalidInput("too many scans in one batch".into()));
    }
    let lang = request_lang(&headers);
    let mut items = Vec::with_capacity(batch.items.len());
    for scan in &batch.items {
        let answer = match checkins::stall(&state.checkins(), &user, scan).await {
            Ok(Scan::Arrived(arrival)) => BatchAnswer {
                nonce: scan.nonce.clone(),
                status: first_or_again(arrival.first).as_u16(),
                arrival: Some(arrival),
                error: None,
            },
            Ok(Scan::Refused(code)) => refused(scan, &AppError::Refused(code), lang),
            Err(error) => {
                let error = AppError::from(error);
                if matches!(error, AppError::Internal(_) | AppError::Unavailable(_)) {
                    // The scanner keeps the rest of its queue and sends it again.
                    return Err(error);
                }
                refused(scan, &error, lang)
            }
        };
        items.push(answer);
    }
    Ok(Json(jishi_core::api::Items { items }))
}

fn refused(scan: &StallCheckin, error: &AppError, lang: jishi_core::Lang) -> BatchAnswer {
    let (status, detail) = error.detail(lang);
    BatchAnswer {
        nonce: scan.nonce.clone(),
        status: status.as_u16(),
        arrival: None,
        error: Some(detail),
    }
}

/// `GET /markets/{id}/poster`: the check-in URL, under the configured public origin.
#[utoipa::path(
    get,
    path = "/markets/{id}/poster",
    tag = "checkins",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "The visitors' check-in URL to print, its token and code", body = Poster), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn poster(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<Json<Poster>, AppError> {
    Ok(Json(
        checkins::poster(&state.checkins(), &user, &market_id).await?,
    ))
}

/// `GET /markets/{id}/stats`.
#[utoipa::path(
    get,
    path = "/markets/{id}/stats",
    tag = "checkins",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "Live counts", body = Attendance), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn stats(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<Json<Attendance>, AppError> {
    Ok(Json(
        checkins::attendance(&state.checkins(), &user, &market_id).await?,
    ))
}

/// `GET /markets/{id}/export.csv`: for Excel.
#[utoipa::path(
    get,
    path = "/markets/{id}/export.csv",
    tag = "checkins",
    params(("id" = String, Path, description = "The market", example = "m-luqiao-202612")),
    responses((status = 200, description = "Stalls and visitors by hour, for Excel", content_type = "text/csv", body = String), (status = 403, description = "`forbidden`: not an organiser of this market's host unit", body = ErrorBody), (status = 404, description = "`not_found`", body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn export_csv(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(market_id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let csv = checkins::export_csv(&state.checkins(), &user, &market_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"jishi-{market_id}-attendance.csv\""),
            ),
        ],
        csv,
    ))
}

/// `GET /checkin/keys`: the public keys that verify tickets and posters.
#[utoipa::path(
    get,
    path = "/checkin/keys",
    tag = "checkins",
    responses((status = 200, description = "The public keys that verify tickets and posters", body = CheckinKeys))
)]
pub async fn keys(State(state): State<AppState>) -> Json<CheckinKeys> {
    let keys = state
        .signer
        .public_keys()
        .iter()
        .map(|(kid, key)| PublishedKey {
            kid: kid.clone(),
            alg: "Ed25519".to_owned(),
            public_key: token::public_key_text(key),
        })
        .collect();
    Json(CheckinKeys { keys })
}
