//! `GET /api/v1/wechat/js-config?url=`: the signed `wx.config` for a page of this site opened in
//! WeChat. 404 when no official account is configured (the apps then do without the JS-SDK).

use axum::{
    extract::{Query, State},
    Json,
};
use jishi_core::{api::ErrorBody, wechat::JsConfig};
use serde::Deserialize;

use crate::{error::AppError, state::AppState};

/// The page to sign.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageUrl {
    /// The page's full address as the browser has it (a `#` fragment is dropped).
    url: String,
}

/// `wx.config` for the page at `url`.
#[utoipa::path(
    get,
    path = "/wechat/js-config",
    tag = "wechat",
    params(PageUrl),
    responses(
        (status = 200, description = "What `wx.config` takes for this page", body = JsConfig),
        (status = 404, description = "`not_found`: no official account is configured", body = ErrorBody),
        (status = 422, description = "`invalid_input`: not a page of this site", body = ErrorBody),
        (status = 503, description = "`unavailable`: WeChat's API did not answer", body = ErrorBody)
    )
)]
pub async fn js_config(
    State(state): State<AppState>,
    Query(page): Query<PageUrl>,
) -> Result<Json<JsConfig>, AppError> {
    let wechat = state.wechat.as_ref().ok_or(AppError::NotFound)?;
    let config = wechat.js_config(&page.url, state.proxies.origin()).await?;
    Ok(Json(config))
}
