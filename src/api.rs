//! The only code in the app that speaks HTTP. Pages call these functions and get typed answers or an
//! [`ApiError`]; they never build URLs or read status codes themselves.

use std::cell::Cell;

use gloo_net::http::{Request, Response};
use jishi_core::{
    api::{ErrorBody, Health, API_PREFIX},
    ErrorCode, Lang,
};
use serde::de::DeserializeOwned;

/// Why a call failed, in terms a page can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all: offline, DNS, a dropped 3G connection.
    Unreachable,
    /// The server answered with an error body.
    Server {
        /// The HTTP status.
        status: u16,
        /// The machine-readable reason.
        code: ErrorCode,
        /// Text in the language we asked for, fit to show.
        message: String,
    },
    /// The server answered something this build cannot read (a proxy's HTML page, a newer API).
    Unexpected(u16),
}

thread_local! {
    /// The language sent as `Accept-Language`, so server messages match the screen.
    static LANG: Cell<Lang> = const { Cell::new(Lang::ZhCn) };
}

/// Sets the language of server messages for every later call.
pub fn set_lang(lang: Lang) {
    LANG.with(|cell| cell.set(lang));
}

/// `GET /api/v1/health`.
pub async fn health() -> Result<Health, ApiError> {
    get_json("/health").await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = format!("{API_PREFIX}{path}");
    let lang = LANG.with(Cell::get);
    let response = Request::get(&url)
        .header("Accept-Language", lang.tag())
        .send()
        .await
        .map_err(|_| ApiError::Unreachable)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json()
            .await
            .map_err(|_| ApiError::Unexpected(status));
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server {
            status,
            code: body.error.code,
            message: body.error.message,
        }),
        // A gateway between the phone and us (WeChat's, a village Wi-Fi portal) answered instead.
        Err(_) if matches!(status, 502..=504) => Err(ApiError::Unreachable),
        Err(_) => Err(ApiError::Unexpected(status)),
    }
}
