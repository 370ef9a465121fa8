//! 共富 reports for organisers: `GET /reports` as JSON for the app's page, `GET /reports.csv` as a
//! table for Excel. Both count the same thing (`services::reports`).

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::header,
    response::IntoResponse,
    Json,
};
use jishi_core::{api::ErrorBody, report::Report, when};
use serde::Deserialize;

use crate::{error::AppError, extract::CurrentUser, services::reports, state::AppState};

/// `?from=&to=&unit=`: China dates `YYYY-MM-DD`, `to` inclusive, at most a year apart.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The first day (China date, `YYYY-MM-DD`).
    #[param(format = Date, example = "2026-11-01")]
    from: String,
    /// The last day, inclusive.
    #[param(format = Date, example = "2026-11-30")]
    to: String,
    /// One host unit; left out, every unit the asker organises (all of them, for an admin).
    unit: Option<String>,
}

/// The report of a span of days.
#[utoipa::path(
    get,
    path = "/reports",
    tag = "reports",
    params(ReportParams),
    responses(
        (status = 200, description = "What the markets of the span did", body = Report),
        (status = 403, description = "`forbidden`: not an organiser (of this unit)", body = ErrorBody),
        (status = 404, description = "`not_found`: no such host unit", body = ErrorBody),
        (status = 422, description = "`invalid_date`: a date that is not YYYY-MM-DD, `to` before `from`, or more than a year", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn report(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<ReportParams>, QueryRejection>,
) -> Result<Json<Report>, AppError> {
    Ok(Json(counted(&state, &user, params).await?))
}

/// The report of a span of days as CSV for Excel.
#[utoipa::path(
    get,
    path = "/reports.csv",
    tag = "reports",
    params(ReportParams),
    responses(
        (status = 200, description = "The markets, villages, workshops and products, for Excel", content_type = "text/csv", body = String),
        (status = 403, description = "`forbidden`: not an organiser (of this unit)", body = ErrorBody),
        (status = 404, description = "`not_found`: no such host unit", body = ErrorBody),
        (status = 422, description = "`invalid_date`: a date that is not YYYY-MM-DD, `to` before `from`, or more than a year", body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn report_csv(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<ReportParams>, QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let report = counted(&state, &user, params).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"jishi-report-{}-{}.csv\"",
                    report.from, report.to
                ),
            ),
        ],
        reports::csv(&report),
    ))
}

async fn counted(
    state: &AppState,
    user: &crate::store::users::UserRecord,
    params: Result<Query<ReportParams>, QueryRejection>,
) -> Result<Report, AppError> {
    let Query(params) = params.map_err(|e| AppError::InvalidDate(e.body_text()))?;
    let date =
        |text: &str| when::parse_date(text).ok_or_else(|| AppError::InvalidDate(text.to_owned()));
    let (from, to) = (date(&params.from)?, date(&params.to)?);
    let unit = params.unit.as_deref().filter(|unit| !unit.is_empty());
    Ok(reports::report(&state.db, state.clock.now(), user, from, to, unit).await?)
}
