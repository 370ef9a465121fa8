//! The only code in the app that speaks HTTP. Pages call these functions and get typed answers or an
//! [`ApiError`]; they never build URLs or read status codes themselves.
//!
//! The session token and the language live here too, so every call carries them; a call refused
//! with 401 `unauthorized` forgets the token and tells the app (see [`on_unauthorized`]).

use std::{cell::RefCell, rc::Rc};

use gloo_net::http::{Method, RequestBuilder, Response};
use jishi_core::{
    api::{
        path, Challenge, ChallengeAnswer, ErrorBody, Health, Items, OtpRequest, OtpSent, Session,
        SessionRequest, UpdateMe, User, API_PREFIX,
    },
    booking::{Booking, BookingRequest, Decision, OnBehalfRequest, WaitlistPlace, WaitlistRequest},
    checkin::{
        Attendance, BatchAnswer, CheckinBatch, CheckinKeys, Poster, VisitorCheckin, VisitorWelcome,
    },
    household::{MarkRequest, PriorityHousehold},
    lottery::{Application, ApplicationRequest, Draw},
    market::{CancelRequest, HostUnit, MarketDraft, MarketPatch, SeriesCreated, SeriesRequest},
    market::{Market, Stall, StallDraft},
    message::{LimitRequest, Message, MessageSettings, MessageUsage, Notice},
    monthly::YearMonth,
    preload,
    product::{Product, ProductDraft, ProductSummary, Workshop, WorkshopSummary},
    report::{Period, Report},
    ErrorCode, Lang,
};
use serde::{de::DeserializeOwned, Serialize};

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
        /// The request's field to blame (`error.field`), when one is.
        field: Option<String>,
        /// With `wrong_code`: wrong tries the code still takes.
        tries_left: Option<u32>,
    },
    /// The server answered something this build cannot read (a proxy's HTML page, a newer API).
    Unexpected(u16),
}

impl ApiError {
    fn from_body(status: u16, body: ErrorBody) -> Self {
        Self::Server {
            status,
            code: body.error.code,
            message: body.error.message,
            field: body.error.field,
            tries_left: body.error.tries_left,
        }
    }

    /// The error code, when the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Server { code, .. } => Some(*code),
            _ => None,
        }
    }
}

struct Context {
    lang: Lang,
    token: Option<String>,
    on_unauthorized: Option<Rc<dyn Fn()>>,
}

thread_local! {
    static CONTEXT: RefCell<Context> = RefCell::new(Context { lang: Lang::ZhCn, token: None, on_unauthorized: None });
}

/// Sets the language of server messages for every later call.
pub fn set_lang(lang: Lang) {
    CONTEXT.with(|c| c.borrow_mut().lang = lang);
}

/// Sets (or clears) the session token sent with every later call.
pub fn set_token(token: Option<String>) {
    CONTEXT.with(|c| c.borrow_mut().token = token);
}

/// Called when the server refuses the token (expired, logged out elsewhere).
pub fn on_unauthorized(hook: impl Fn() + 'static) {
    CONTEXT.with(|c| c.borrow_mut().on_unauthorized = Some(Rc::new(hook)));
}

/// `GET /api/v1/health`.
pub async fn health() -> Result<Health, ApiError> {
    call(Method::GET, "/health", None::<&()>).await
}

/// `POST /api/v1/auth/otp`: text a login code to `phone`, with a challenge's answer when the
/// server asked for one.
pub async fn request_code(
    phone: &str,
    challenge: Option<ChallengeAnswer>,
) -> Result<OtpSent, ApiError> {
    let body = OtpRequest {
        phone: phone.to_owned(),
        challenge,
    };
    call(Method::POST, "/auth/otp", Some(&body)).await
}

/// `POST /api/v1/auth/challenge`: a picture of digits, proof of a person for a code request.
pub async fn challenge() -> Result<Challenge, ApiError> {
    call(Method::POST, "/auth/challenge", Some(&())).await
}

/// `POST /api/v1/auth/session`: log in with the code.
pub async fn log_in(phone: &str, code: &str) -> Result<Session, ApiError> {
    let body = SessionRequest {
        phone: phone.to_owned(),
        code: code.to_owned(),
    };
    call(Method::POST, "/auth/session", Some(&body)).await
}

/// `DELETE /api/v1/auth/session`.
pub async fn log_out() -> Result<(), ApiError> {
    call_empty(Method::DELETE, "/auth/session").await
}

/// `GET /api/v1/markets?from=&to=`: the schedule from today on, or one month's, soonest first.
pub async fn schedule(month: Option<YearMonth>) -> Result<Vec<Market>, ApiError> {
    read::<Items<Market>>(&path::schedule(month))
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/markets/{id}`.
pub async fn market(id: &str) -> Result<Market, ApiError> {
    read(&path::market(id)).await
}

/// `GET /api/v1/products?…`: `query` is the query string with its `?` (empty for all).
pub async fn products(query: &str) -> Result<Vec<ProductSummary>, ApiError> {
    read::<Items<ProductSummary>>(&path::products(query))
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/products/{id}`.
pub async fn product(id: &str) -> Result<Product, ApiError> {
    read(&path::product(id)).await
}

/// `GET /api/v1/workshops/{id}`.
pub async fn workshop(id: &str) -> Result<Workshop, ApiError> {
    read(&path::workshop(id)).await
}

/// `GET /api/v1/workshops`.
pub async fn workshops() -> Result<Vec<WorkshopSummary>, ApiError> {
    call::<Items<WorkshopSummary>>(Method::GET, "/workshops", None::<&()>)
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/me/products`: the products the caller keeps.
pub async fn my_products() -> Result<Vec<ProductSummary>, ApiError> {
    call::<Items<ProductSummary>>(Method::GET, "/me/products", None::<&()>)
        .await
        .map(|list| list.items)
}

/// `POST /api/v1/products`.
pub async fn create_product(draft: &ProductDraft) -> Result<Product, ApiError> {
    call(Method::POST, "/products", Some(draft)).await
}

/// `PUT /api/v1/products/{id}`.
pub async fn update_product(id: &str, draft: &ProductDraft) -> Result<Product, ApiError> {
    let path = format!("/products/{}", jishi_core::url::encode(id, ""));
    call(Method::PUT, &path, Some(draft)).await
}

/// `GET /api/v1/host-units`: every host unit with its usual venue.
pub async fn host_units() -> Result<Vec<HostUnit>, ApiError> {
    call::<Items<HostUnit>>(Method::GET, "/host-units", None::<&()>)
        .await
        .map(|list| list.items)
}

/// `POST /api/v1/markets`.
pub async fn create_market(draft: &MarketDraft) -> Result<Market, ApiError> {
    call(Method::POST, "/markets", Some(draft)).await
}

/// `PATCH /api/v1/markets/{id}`.
pub async fn update_market(id: &str, patch: &MarketPatch) -> Result<Market, ApiError> {
    let path = format!("/markets/{}", jishi_core::url::encode(id, ""));
    call(Method::PATCH, &path, Some(patch)).await
}

/// `POST /api/v1/markets/{id}/cancel`.
pub async fn cancel_market(id: &str, request: &CancelRequest) -> Result<Market, ApiError> {
    let path = format!("/markets/{}/cancel", jishi_core::url::encode(id, ""));
    call(Method::POST, &path, Some(request)).await
}

/// `POST /api/v1/series`.
pub async fn create_series(request: &SeriesRequest) -> Result<SeriesCreated, ApiError> {
    call(Method::POST, "/series", Some(request)).await
}

/// `GET /api/v1/me`.
pub async fn me() -> Result<User, ApiError> {
    call(Method::GET, "/me", None::<&()>).await
}

/// `PATCH /api/v1/me`.
pub async fn update_me(changes: &UpdateMe) -> Result<User, ApiError> {
    call(Method::PATCH, "/me", Some(changes)).await
}

/// `GET /api/v1/markets/{id}/stalls`.
pub async fn stalls(market_id: &str) -> Result<Vec<Stall>, ApiError> {
    let path = format!("/markets/{}/stalls", jishi_core::url::encode(market_id, ""));
    call::<Items<Stall>>(Method::GET, &path, None::<&()>)
        .await
        .map(|list| list.items)
}

/// `POST /api/v1/markets/{id}/bookings`; `key` makes a retry of the same tap harmless.
pub async fn book_stall(
    market_id: &str,
    request: &BookingRequest,
    key: &str,
) -> Result<Booking, ApiError> {
    let path = format!(
        "/markets/{}/bookings",
        jishi_core::url::encode(market_id, "")
    );
    let json = serde_json::to_string(request).map_err(|_| ApiError::Unexpected(0))?;
    let response = send_with_key(Method::POST, &path, Payload::Json(json), Some(key)).await?;
    let status = response.status();
    response
        .json()
        .await
        .map_err(|_| ApiError::Unexpected(status))
}

/// `POST /api/v1/markets/{id}/waitlist`: wait for a stall at a full market.
pub async fn join_waitlist(
    market_id: &str,
    request: &WaitlistRequest,
) -> Result<WaitlistPlace, ApiError> {
    let path = format!(
        "/markets/{}/waitlist",
        jishi_core::url::encode(market_id, "")
    );
    call(Method::POST, &path, Some(request)).await
}

/// `/host-units/{id}/households…`.
fn households_path(host_unit_id: &str, rest: &str) -> String {
    format!(
        "/host-units/{}/households{rest}",
        jishi_core::url::encode(host_unit_id, "")
    )
}

/// `GET /api/v1/host-units/{id}/households`: the unit's priority households.
pub async fn households(host_unit_id: &str) -> Result<Items<PriorityHousehold>, ApiError> {
    call(Method::GET, &households_path(host_unit_id, ""), None::<&()>).await
}

/// `POST /api/v1/host-units/{id}/households`: mark the account of a phone.
pub async fn mark_household(
    host_unit_id: &str,
    request: &MarkRequest,
) -> Result<Items<PriorityHousehold>, ApiError> {
    call(
        Method::POST,
        &households_path(host_unit_id, ""),
        Some(request),
    )
    .await
}

/// `DELETE /api/v1/host-units/{id}/households/{user_id}`: take the mark off.
pub async fn unmark_household(host_unit_id: &str, user_id: &str) -> Result<(), ApiError> {
    let rest = format!("/{}", jishi_core::url::encode(user_id, ""));
    call_empty(Method::DELETE, &households_path(host_unit_id, &rest)).await
}

/// `/markets/{id}/…` of a lottery: applications and the draw.
fn lottery_path(market_id: &str, rest: &str) -> String {
    format!("/markets/{}/{rest}", jishi_core::url::encode(market_id, ""))
}

/// `POST /api/v1/markets/{id}/applications`: apply at a lottery market.
pub async fn apply(market_id: &str, request: &ApplicationRequest) -> Result<Application, ApiError> {
    call(
        Method::POST,
        &lottery_path(market_id, "applications"),
        Some(request),
    )
    .await
}

/// `GET /api/v1/markets/{id}/applications/mine`: the caller's application (404: none).
pub async fn my_application(market_id: &str) -> Result<Application, ApiError> {
    let path = lottery_path(market_id, "applications/mine");
    call(Method::GET, &path, None::<&()>).await
}

/// `DELETE /api/v1/markets/{id}/applications/mine`: withdraw before the draw.
pub async fn withdraw_application(market_id: &str) -> Result<(), ApiError> {
    call_empty(
        Method::DELETE,
        &lottery_path(market_id, "applications/mine"),
    )
    .await
}

/// `GET /api/v1/markets/{id}/draw`: the draw as published.
pub async fn draw(market_id: &str) -> Result<Draw, ApiError> {
    call(Method::GET, &lottery_path(market_id, "draw"), None::<&()>).await
}

/// `POST /api/v1/markets/{id}/draw`: the organisers draw once applications have closed.
pub async fn draw_now(market_id: &str) -> Result<Draw, ApiError> {
    call(Method::POST, &lottery_path(market_id, "draw"), None::<&()>).await
}

/// `POST /api/v1/markets/{id}/bookings/on-behalf`: 代办.
pub async fn book_on_behalf(
    market_id: &str,
    request: &OnBehalfRequest,
) -> Result<Booking, ApiError> {
    let path = format!(
        "/markets/{}/bookings/on-behalf",
        jishi_core::url::encode(market_id, "")
    );
    call(Method::POST, &path, Some(request)).await
}

/// `GET /api/v1/markets/{id}/poster`.
pub async fn poster(market_id: &str) -> Result<Poster, ApiError> {
    let path = format!("/markets/{}/poster", jishi_core::url::encode(market_id, ""));
    call(Method::GET, &path, None::<&()>).await
}

/// `POST /api/v1/checkins`: a visitor's phone, from a poster.
pub async fn check_in_visitor(request: &VisitorCheckin) -> Result<VisitorWelcome, ApiError> {
    call(Method::POST, "/checkins", Some(request)).await
}

/// `GET /api/v1/checkin/keys`.
pub async fn checkin_keys() -> Result<CheckinKeys, ApiError> {
    call(Method::GET, "/checkin/keys", None::<&()>).await
}

/// `POST /api/v1/checkins/batch`: the scanner's queue, answered scan by scan.
pub async fn send_scans(batch: &CheckinBatch) -> Result<Vec<BatchAnswer>, ApiError> {
    call::<Items<BatchAnswer>>(Method::POST, "/checkins/batch", Some(batch))
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/markets/{id}/stats`.
pub async fn attendance(market_id: &str) -> Result<Attendance, ApiError> {
    let path = format!("/markets/{}/stats", jishi_core::url::encode(market_id, ""));
    call(Method::GET, &path, None::<&()>).await
}

/// `GET /api/v1/markets/{id}/export.csv`, as text.
pub async fn attendance_csv(market_id: &str) -> Result<String, ApiError> {
    let path = format!(
        "/markets/{}/export.csv",
        jishi_core::url::encode(market_id, "")
    );
    text(&path).await
}

/// `GET /api/v1/reports?from=&to=&unit=`: a 共富 report of one unit, or of all the user's.
pub async fn report(period: Period, unit: Option<&str>) -> Result<Report, ApiError> {
    call(Method::GET, &path::report(period, unit, false), None::<&()>).await
}

/// `GET /api/v1/reports.csv?…`, as text.
pub async fn report_csv(period: Period, unit: Option<&str>) -> Result<String, ApiError> {
    text(&path::report(period, unit, true)).await
}

/// `GET path`, an answer that is not JSON (a CSV file), as text.
async fn text(path: &str) -> Result<String, ApiError> {
    let response = send(Method::GET, path, Payload::Nothing).await?;
    let status = response.status();
    response
        .text()
        .await
        .map_err(|_| ApiError::Unexpected(status))
}

/// `GET /api/v1/bookings/{id}`.
pub async fn booking(id: &str) -> Result<Booking, ApiError> {
    let path = format!("/bookings/{}", jishi_core::url::encode(id, ""));
    call(Method::GET, &path, None::<&()>).await
}

/// `GET /api/v1/me/bookings`.
pub async fn my_bookings() -> Result<Vec<Booking>, ApiError> {
    call::<Items<Booking>>(Method::GET, "/me/bookings", None::<&()>)
        .await
        .map(|list| list.items)
}

/// `POST /api/v1/bookings/{id}/cancel`.
pub async fn cancel_booking(id: &str) -> Result<Booking, ApiError> {
    let path = format!("/bookings/{}/cancel", jishi_core::url::encode(id, ""));
    call(Method::POST, &path, None::<&()>).await
}

/// `PUT /api/v1/markets/{id}/stalls`: the whole layout.
pub async fn set_layout(market_id: &str, stalls: &[StallDraft]) -> Result<Vec<Stall>, ApiError> {
    let path = format!("/markets/{}/stalls", jishi_core::url::encode(market_id, ""));
    let body = Items {
        items: stalls.to_vec(),
    };
    call::<Items<Stall>>(Method::PUT, &path, Some(&body))
        .await
        .map(|list| list.items)
}

/// `POST /api/v1/markets/{id}/stalls/copy {"from": "previous"}`: the series' previous layout.
pub async fn copy_previous_layout(market_id: &str) -> Result<Vec<Stall>, ApiError> {
    let path = format!(
        "/markets/{}/stalls/copy",
        jishi_core::url::encode(market_id, "")
    );
    let body = jishi_core::market::LayoutCopy {
        from: "previous".to_owned(),
    };
    call::<Items<Stall>>(Method::POST, &path, Some(&body))
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/markets/{id}/bookings`: every booking of a market, for its organisers.
pub async fn market_bookings(market_id: &str) -> Result<Vec<Booking>, ApiError> {
    let path = format!(
        "/markets/{}/bookings",
        jishi_core::url::encode(market_id, "")
    );
    call::<Items<Booking>>(Method::GET, &path, None::<&()>)
        .await
        .map(|list| list.items)
}

/// An organiser's decision on a booking.
pub async fn decide_booking(id: &str, decision: &Decision) -> Result<Booking, ApiError> {
    let path = format!(
        "/bookings/{}/{}",
        jishi_core::url::encode(id, ""),
        decision.path_segment()
    );
    match decision {
        Decision::Reject(request) => call(Method::POST, &path, Some(request)).await,
        Decision::Approve | Decision::NoShow => call(Method::POST, &path, None::<&()>).await,
    }
}

/// `GET /api/v1/me/settings`: what the caller wants to be told by SMS.
pub async fn message_settings() -> Result<MessageSettings, ApiError> {
    call(Method::GET, "/me/settings", None::<&()>).await
}

/// `PUT /api/v1/me/settings`.
pub async fn set_message_settings(settings: &MessageSettings) -> Result<MessageSettings, ApiError> {
    call(Method::PUT, "/me/settings", Some(settings)).await
}

/// `GET /api/v1/bookings/{id}/messages`: what was texted about a booking.
pub async fn booking_messages(id: &str) -> Result<Vec<Message>, ApiError> {
    let path = format!("/bookings/{}/messages", jishi_core::url::encode(id, ""));
    call::<Items<Message>>(Method::GET, &path, None::<&()>)
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/markets/{id}/messages`: what was texted about a market's bookings.
pub async fn market_messages(market_id: &str) -> Result<Vec<Message>, ApiError> {
    let path = format!(
        "/markets/{}/messages",
        jishi_core::url::encode(market_id, "")
    );
    call::<Items<Message>>(Method::GET, &path, None::<&()>)
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/markets/{id}/notices`: ready notices for WeChat groups.
pub async fn market_notices(market_id: &str) -> Result<Vec<Notice>, ApiError> {
    let path = format!(
        "/markets/{}/notices",
        jishi_core::url::encode(market_id, "")
    );
    call::<Items<Notice>>(Method::GET, &path, None::<&()>)
        .await
        .map(|list| list.items)
}

/// `GET /api/v1/host-units/{id}/messages`: this month's texts and the limit.
pub async fn message_usage(host_unit_id: &str) -> Result<MessageUsage, ApiError> {
    let path = format!(
        "/host-units/{}/messages",
        jishi_core::url::encode(host_unit_id, "")
    );
    call(Method::GET, &path, None::<&()>).await
}

/// `PUT /api/v1/host-units/{id}/messages/limit`.
pub async fn set_message_limit(host_unit_id: &str, limit: u32) -> Result<MessageUsage, ApiError> {
    let path = format!(
        "/host-units/{}/messages/limit",
        jishi_core::url::encode(host_unit_id, "")
    );
    call(Method::PUT, &path, Some(&LimitRequest { limit })).await
}

/// `POST /api/v1/products/{id}/photos` with a photo the phone took or picked, sent as it is (the
/// server checks, turns, shrinks and strips it).
pub async fn upload_photo(product_id: &str, photo: web_sys::File) -> Result<Product, ApiError> {
    let path = format!(
        "/products/{}/photos",
        jishi_core::url::encode(product_id, "")
    );
    let response = send(Method::POST, &path, Payload::File(photo)).await?;
    let status = response.status();
    response
        .json()
        .await
        .map_err(|_| ApiError::Unexpected(status))
}

/// What a request carries.
enum Payload {
    Nothing,
    Json(String),
    File(web_sys::File),
}

async fn call<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let payload = match body {
        Some(body) => {
            Payload::Json(serde_json::to_string(body).map_err(|_| ApiError::Unexpected(0))?)
        }
        None => Payload::Nothing,
    };
    let response = send(method, path, payload).await?;
    let status = response.status();
    response
        .json()
        .await
        .map_err(|_| ApiError::Unexpected(status))
}

/// A public read: answered from the page the server wrote when it carries this path's answer
/// (the first time only: later reads are fresh), else fetched.
async fn read<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    match take_preloaded(path) {
        Some(answer) => answer,
        None => call(Method::GET, path, None::<&()>).await,
    }
}

/// The answer the page carries for `path`, taken out of the page (see [`jishi_core::preload`]);
/// `None` when it carries none, or one this build cannot read.
fn take_preloaded<T: DeserializeOwned>(path: &str) -> Option<Result<T, ApiError>> {
    let selector = format!("script[{}=\"{path}\"]", preload::PATH_ATTRIBUTE);
    let element = leptos::prelude::document()
        .query_selector(&selector)
        .ok()
        .flatten()?;
    element.remove();
    let status: u16 = element
        .get_attribute(preload::STATUS_ATTRIBUTE)?
        .parse()
        .ok()?;
    let answer = element.text_content()?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&answer).ok().map(Ok);
    }
    let body: ErrorBody = serde_json::from_str(&answer).ok()?;
    Some(Err(ApiError::from_body(status, body)))
}

async fn call_empty(method: Method, path: &str) -> Result<(), ApiError> {
    send(method, path, Payload::Nothing).await.map(drop)
}

/// Sends the request; a 2xx answer comes back to be read, anything else becomes an [`ApiError`].
async fn send(method: Method, path: &str, payload: Payload) -> Result<Response, ApiError> {
    send_with_key(method, path, payload, None).await
}

/// As [`send`], with an `Idempotency-Key`: a retried request gets the first answer.
async fn send_with_key(
    method: Method,
    path: &str,
    payload: Payload,
    key: Option<&str>,
) -> Result<Response, ApiError> {
    let (lang, token) = CONTEXT.with(|c| {
        let c = c.borrow();
        (c.lang, c.token.clone())
    });
    let mut builder = RequestBuilder::new(&format!("{API_PREFIX}{path}"))
        .method(method)
        .header("Accept-Language", lang.tag());
    if let Some(token) = &token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = key {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = match payload {
        Payload::Nothing => builder.build(),
        Payload::Json(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        Payload::File(file) => builder.header("Content-Type", &file.type_()).body(file),
    }
    .map_err(|_| ApiError::Unexpected(0))?;
    let response = request.send().await.map_err(|_| ApiError::Unreachable)?;
    if response.ok() {
        return Ok(response);
    }
    let error = read_error(response).await;
    if token.is_some() && error.code() == Some(ErrorCode::Unauthorized) {
        set_token(None);
        let hook = CONTEXT.with(|c| c.borrow().on_unauthorized.clone());
        if let Some(hook) = hook {
            hook();
        }
    }
    Err(error)
}

async fn read_error(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::from_body(status, body),
        // A gateway between the phone and us (WeChat's, a village Wi-Fi portal) answered instead.
        Err(_) if matches!(status, 502..=504) => ApiError::Unreachable,
        Err(_) => ApiError::Unexpected(status),
    }
}
