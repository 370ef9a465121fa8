//! The API's one error type, and the one place that writes error bodies.
//!
//! Handlers, extractor rejections, unknown routes and wrong methods all end as a status plus an
//! [`ErrorCode`] in the response's extensions; the [`render_error_bodies`] middleware then writes
//! `{"error":{"code","message"}}` with the message in the request's language. That way no error,
//! whoever raised it, can escape in another shape or in the wrong language.

use axum::{
    extract::{rejection::JsonRejection, FromRequest, Request},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use jishi_core::{
    api::{ErrorBody, ErrorDetail},
    field::Problem,
    ErrorCode, Lang,
};
use serde::de::DeserializeOwned;

use crate::{
    services::{
        accounts::AccountError, bookings::BookingError, checkins::CheckinError,
        households::HouseholdError, lottery::LotteryError, markets::MarketError,
        messages::MessageError, photos::PhotoError, products::ProductError, reports::ReportError,
        wechat::WechatError,
    },
    store::StoreError,
};

/// Why an API call failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request body is not valid JSON, or not the shape this call takes.
    #[error("invalid JSON body: {0}")]
    InvalidJson(String),
    /// The body's content type is not JSON.
    #[error("body is not application/json")]
    UnsupportedMediaType,
    /// The body is too large.
    #[error("body too large")]
    PayloadTooLarge,
    /// No such route or resource (or one the caller may not see).
    #[error("not found")]
    NotFound,
    /// The route does not take this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Not a mainland mobile number.
    #[error("invalid phone number")]
    InvalidPhone,
    /// The request broke a rule; the text says which, for the log.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// One field broke its rules: named in the answer (`error.field`).
    #[error("invalid field {0}")]
    InvalidField(&'static str),
    /// A date parameter is malformed or the range is backwards.
    #[error("invalid date: {0}")]
    InvalidDate(String),
    /// An upload is not an image we can read.
    #[error("invalid image: {0}")]
    InvalidImage(String),
    /// Too many requests; try again after this many seconds.
    #[error("rate limited for {0} s")]
    RateLimited(i64),
    /// Expired, used or dead one-time code.
    #[error("bad one-time code")]
    BadCode,
    /// A wrong one-time code that may be typed again this many more times.
    #[error("wrong one-time code, {0} tries left")]
    WrongCode(u32),
    /// No valid session.
    #[error("not logged in")]
    Unauthorized,
    /// Logged in but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// A rule of bookings said no; the code says which (stall_taken, already_booked…).
    #[error("refused: {0:?}")]
    Refused(ErrorCode),
    /// The database (or the SMS provider) is unreachable.
    #[error("dependency unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// Anything else: logged in full, answered with nothing internal.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// The answer's body as it would be written in `lang` (for answers inside a batch).
    pub fn detail(&self, lang: Lang) -> (StatusCode, ErrorDetail) {
        let (status, code) = self.status_and_code();
        (status, self.facts().detail(code, lang))
    }

    /// What the answer says beside its code.
    fn facts(&self) -> ErrorFacts {
        match self {
            Self::InvalidField(field) => ErrorFacts {
                field: Some(field),
                ..ErrorFacts::default()
            },
            Self::WrongCode(tries_left) => ErrorFacts {
                tries_left: Some(*tries_left),
                ..ErrorFacts::default()
            },
            _ => ErrorFacts::default(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            Self::InvalidJson(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidJson),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            Self::NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed),
            Self::InvalidPhone => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidPhone),
            Self::InvalidInput(_) | Self::InvalidField(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput)
            }
            Self::InvalidDate(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidDate),
            Self::InvalidImage(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidImage),
            Self::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Self::BadCode => (StatusCode::UNAUTHORIZED, ErrorCode::BadCode),
            Self::WrongCode(_) => (StatusCode::UNAUTHORIZED, ErrorCode::WrongCode),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Self::Refused(code) => (status_of(*code), *code),
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        if error.is_unavailable() {
            Self::Unavailable(error.into())
        } else {
            Self::Internal(error.into())
        }
    }
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::InvalidPhone => Self::InvalidPhone,
            AccountError::RateLimited(secs) => Self::RateLimited(secs),
            AccountError::ChallengeRequired => Self::Refused(ErrorCode::ChallengeRequired),
            AccountError::BadChallenge => Self::Refused(ErrorCode::BadChallenge),
            AccountError::MalformedCode => Self::InvalidField("code"),
            AccountError::BadCode => Self::BadCode,
            AccountError::TooManyTries(secs) => Self::RateLimited(secs),
            AccountError::WrongCode { tries_left } => Self::WrongCode(tries_left),
            AccountError::Unauthorized => Self::Unauthorized,
            AccountError::Sms(error) => Self::Unavailable(error.into()),
            AccountError::Store(error) => error.into(),
        }
    }
}

impl From<MarketError> for AppError {
    fn from(error: MarketError) -> Self {
        match error {
            MarketError::Problem(
                problem @ (Problem::EndsBeforeStart
                | Problem::BookingClosesBeforeOpens
                | Problem::BookingClosesAfterEnd
                | Problem::LastsTooLong
                | Problem::OutOfRange),
            ) => Self::InvalidDate(problem.to_string()),
            MarketError::InThePast | MarketError::TooFarAhead => {
                Self::InvalidDate(error.to_string())
            }
            MarketError::Problem(
                Problem::Missing(field) | Problem::TooLong(field) | Problem::Invalid(field),
            ) => Self::InvalidField(field.as_str()),
            MarketError::Problem(problem @ Problem::KeptNeverOpen) => {
                Self::InvalidField(problem.field().as_str())
            }
            MarketError::HostUnit(..) | MarketError::Layout(_) | MarketError::OtherSeries => {
                Self::InvalidInput(error.to_string())
            }
            MarketError::StallHeld(_) | MarketError::AllocationFixed => {
                Self::Refused(ErrorCode::WrongStatus)
            }
            MarketError::NotFound => Self::NotFound,
            MarketError::NotYours(_) => Self::Forbidden,
            MarketError::Store(error) => error.into(),
        }
    }
}

/// The status each code is answered with when it is a rule's refusal (a replayed answer included).
fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::StallTaken
        | ErrorCode::AlreadyBooked
        | ErrorCode::AlreadyApplied
        | ErrorCode::KeptForHouseholds
        | ErrorCode::CancelClosed
        | ErrorCode::WrongStatus
        | ErrorCode::NotOpen
        | ErrorCode::WrongMarket
        | ErrorCode::NotConfirmed => StatusCode::CONFLICT,
        ErrorCode::BookingClosed | ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::ChallengeRequired => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::PlateRequired
        | ErrorCode::InvalidInput
        | ErrorCode::KeyReused
        | ErrorCode::ImageTooLarge
        | ErrorCode::BadChallenge => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl From<BookingError> for AppError {
    fn from(error: BookingError) -> Self {
        match error {
            BookingError::Invalid(field) => Self::InvalidField(field),
            BookingError::KeyReused => Self::Refused(ErrorCode::KeyReused),
            BookingError::NotFound => Self::NotFound,
            BookingError::PlateRequired => Self::Refused(ErrorCode::PlateRequired),
            BookingError::StallTaken => Self::Refused(ErrorCode::StallTaken),
            BookingError::AlreadyBooked => Self::Refused(ErrorCode::AlreadyBooked),
            BookingError::KeptForHouseholds => Self::Refused(ErrorCode::KeptForHouseholds),
            BookingError::BookingClosed => Self::Refused(ErrorCode::BookingClosed),
            BookingError::CancelClosed => Self::Refused(ErrorCode::CancelClosed),
            BookingError::WrongStatus => Self::Refused(ErrorCode::WrongStatus),
            BookingError::NotYours => Self::Forbidden,
            BookingError::Replayed(code) => Self::Refused(code),
            BookingError::Store(error) => error.into(),
        }
    }
}

impl From<MessageError> for AppError {
    fn from(error: MessageError) -> Self {
        match error {
            MessageError::NotFound => Self::NotFound,
            MessageError::NotYours => Self::Forbidden,
            MessageError::Invalid(field) => Self::InvalidField(field),
            MessageError::Store(error) => error.into(),
        }
    }
}

impl From<CheckinError> for AppError {
    fn from(error: CheckinError) -> Self {
        match error {
            CheckinError::Invalid(field) => Self::InvalidField(field),
            CheckinError::Refused(code) => Self::Refused(code),
            CheckinError::NotFound => Self::NotFound,
            CheckinError::NotYours => Self::Forbidden,
            CheckinError::Store(error) => error.into(),
        }
    }
}

impl From<ProductError> for AppError {
    fn from(error: ProductError) -> Self {
        match error {
            ProductError::Problem(
                Problem::Missing(field) | Problem::TooLong(field) | Problem::Invalid(field),
            ) => Self::InvalidField(field.as_str()),
            ProductError::Problem(_)
            | ProductError::UnknownWorkshop
            | ProductError::TooManyPhotos => Self::InvalidInput(error.to_string()),
            ProductError::NotFound => Self::NotFound,
            ProductError::NotYours => Self::Forbidden,
            ProductError::Photo(PhotoError::TooLarge(_)) => Self::PayloadTooLarge,
            ProductError::Photo(PhotoError::NotAnImage(why)) => Self::InvalidImage(why),
            ProductError::Photo(PhotoError::TooManyPixels(..)) => {
                Self::Refused(ErrorCode::ImageTooLarge)
            }
            ProductError::Photo(PhotoError::Busy) => {
                Self::Unavailable(anyhow::anyhow!("photo uploads at capacity"))
            }
            ProductError::Store(error) => error.into(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let mut response = status.into_response();
        match &self {
            Self::RateLimited(secs) => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from((*secs).max(1)));
            }
            Self::Unauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::Unavailable(_) => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response.extensions_mut().insert(self.facts());
        if status.is_server_error() {
            // Logged once, here; the body says nothing internal.
            tracing::error!(error = ?anyhow::Error::from(self), "request failed");
        }
        response.extensions_mut().insert(code);
        response
    }
}

/// What an error answer says beside its code and message, carried to [`render_error_bodies`].
#[derive(Debug, Clone, Copy, Default)]
struct ErrorFacts {
    /// The field to blame, when one is.
    field: Option<&'static str>,
    /// Wrong tries a login code still takes.
    tries_left: Option<u32>,
}

impl ErrorFacts {
    fn detail(self, code: ErrorCode, lang: Lang) -> ErrorDetail {
        ErrorDetail {
            code,
            message: message(code, lang).to_owned(),
            field: self.field.map(str::to_owned),
            tries_left: self.tries_left,
        }
    }
}

/// `Json` that answers malformed bodies in our error format instead of axum's plain text.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Every body the API takes is a JSON object; serde would also read a struct from an
        // array of its fields in order, which no client means and no schema describes.
        let axum::Json(mut value) =
            axum::Json::<serde_json::Value>::from_request(req, state).await?;
        integral_numbers_as_integers(&mut value);
        if !value.is_object() {
            return Err(AppError::InvalidJson(
                "the body must be a JSON object".into(),
            ));
        }
        serde_json::from_value(value)
            .map(Self)
            .map_err(|e| AppError::InvalidJson(e.to_string()))
    }
}

/// JSON has one number type: `2.0` is the number 2, and a client (or a JavaScript engine) may write
/// it so. serde reads it as an integer only when written `2`, so integral numbers are rewritten
/// before the body is read into its type.
fn integral_numbers_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) if number.is_f64() => {
            if let Some(float) = number.as_f64() {
                // Within ±2^53 every integral f64 is an exact integer.
                if float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 {
                    *number = serde_json::Number::from(float as i64);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        serde_json::Value::Object(fields) => {
            fields.values_mut().for_each(integral_numbers_as_integers)
        }
        _ => {}
    }
}

impl From<HouseholdError> for AppError {
    fn from(error: HouseholdError) -> Self {
        match error {
            HouseholdError::InvalidPhone => Self::InvalidPhone,
            HouseholdError::NotFound => Self::NotFound,
            HouseholdError::NotYours => Self::Forbidden,
            HouseholdError::Store(error) => error.into(),
        }
    }
}

impl From<ReportError> for AppError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Span(problem) => Self::InvalidDate(problem),
            ReportError::NotFound => Self::NotFound,
            ReportError::NotYours => Self::Forbidden,
            ReportError::Store(error) => error.into(),
        }
    }
}

impl From<LotteryError> for AppError {
    fn from(error: LotteryError) -> Self {
        match error {
            LotteryError::Invalid(field) => Self::InvalidField(field),
            LotteryError::NotFound => Self::NotFound,
            LotteryError::WrongStatus => Self::Refused(ErrorCode::WrongStatus),
            LotteryError::Closed => Self::Refused(ErrorCode::BookingClosed),
            LotteryError::AlreadyApplied => Self::Refused(ErrorCode::AlreadyApplied),
            LotteryError::NotYours => Self::Forbidden,
            LotteryError::Store(error) => error.into(),
        }
    }
}

impl From<WechatError> for AppError {
    fn from(error: WechatError) -> Self {
        match error {
            WechatError::ForeignUrl => Self::InvalidField("url"),
            WechatError::Store(error) => error.into(),
            other => Self::Unavailable(other.into()),
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            other => Self::InvalidJson(other.body_text()),
        }
    }
}

/// The language of a request's messages, from `Accept-Language`; Chinese when it says nothing.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Middleware for the API: writes the body of every error answer.
///
/// Answers marked with an [`ErrorCode`] get their body here; a bare 404 or 405 (from axum's router)
/// gets the matching code first.
pub async fn render_error_bodies(request: Request, next: Next) -> Response {
    let lang = request_lang(request.headers());
    let response = next.run(request).await;
    let code = match response.extensions().get::<ErrorCode>() {
        Some(code) => *code,
        // Not ours: a rejection by axum's router or one of its extractors (a path segment that is
        // not UTF-8, a query string of the wrong shape…), answered in plain text. Rewritten here so
        // that no error leaves the API in another shape.
        None => match code_of_status(response.status()) {
            Some(code) => code,
            None => return response,
        },
    };
    let facts = response
        .extensions()
        .get::<ErrorFacts>()
        .copied()
        .unwrap_or_default();
    let (mut parts, _) = response.into_parts();
    let body = ErrorBody {
        error: facts.detail(code, lang),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    let json = serde_json::to_vec(&body).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(json))
}

/// The code for an error answer that came without one, by its status; `None` for answers that are
/// not errors.
fn code_of_status(status: StatusCode) -> Option<ErrorCode> {
    Some(match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::InvalidInput,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        status if status.is_server_error() => ErrorCode::Internal,
        status if status.is_client_error() => ErrorCode::BadRequest,
        _ => return None,
    })
}

/// Fallback for unknown routes under `/api`.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}

/// What a person reads for each code, in Chinese and English.
fn message(code: ErrorCode, lang: Lang) -> &'static str {
    let (zh, en) = match code {
        ErrorCode::InvalidJson => (
            "请求内容格式有误。",
            "The request body is not valid JSON of the expected shape.",
        ),
        ErrorCode::BadRequest => ("请求有误。", "The request is malformed."),
        ErrorCode::NotFound => ("找不到您要的内容。", "Not found."),
        ErrorCode::MethodNotAllowed => ("不支持这种请求方式。", "This method is not allowed here."),
        ErrorCode::PayloadTooLarge => (
            "提交的内容太大（照片请小于 8 MB）。",
            "The request is too large (photos must be under 8 MB).",
        ),
        ErrorCode::UnsupportedMediaType => {
            ("请以 JSON 格式提交。", "Send the body as application/json.")
        }
        ErrorCode::InvalidPhone => (
            "请输入正确的 11 位手机号码。",
            "Enter a valid 11-digit mainland mobile number.",
        ),
        ErrorCode::InvalidInput => (
            "填写的内容不符合要求。",
            "Some of what you entered is not valid.",
        ),
        ErrorCode::InvalidDate => (
            "日期或时间不对：请用 年-月-日（如 2026-12-06），结束要晚于开始，不能选已经过去的日子。",
            "The date or time is not valid: write dates YYYY-MM-DD, end after start, and not in the past.",
        ),
        ErrorCode::InvalidImage => (
            "这个文件不是能打开的照片，请换一张（JPG、PNG 或 WebP）。",
            "That file is not a photo we can open; please choose a JPG, PNG or WebP picture.",
        ),
        ErrorCode::ImageTooLarge => (
            "照片像素太多（最多 5000 万像素），请换一张或先缩小。",
            "That picture has too many pixels (at most 50 megapixels); please choose a smaller one.",
        ),
        ErrorCode::RateLimited => (
            "操作太频繁，请稍后再试。",
            "Too many tries. Please wait and try again.",
        ),
        ErrorCode::BadCode => (
            "验证码已过期或已失效，请重新获取。",
            "The code has expired or is no longer valid. Please ask for a new one.",
        ),
        ErrorCode::WrongCode => (
            "验证码不对，请核对短信后再输入。",
            "That is not the code we sent. Check the text message and type it again.",
        ),
        ErrorCode::Unauthorized => ("请先登录。", "Please log in."),
        ErrorCode::ChallengeRequired => (
            "今天获取验证码的次数较多，请先输入图中的数字。",
            "Many codes were asked for today: please type the digits in the picture first.",
        ),
        ErrorCode::BadChallenge => (
            "图中的数字没有填对，请看新的一张再试。",
            "Those were not the digits in the picture; please try the new one.",
        ),
        ErrorCode::Forbidden => (
            "您没有权限进行这个操作。",
            "You are not allowed to do this.",
        ),
        ErrorCode::StallTaken => (
            "这个摊位已经有人订了，请换一个。",
            "Someone else has this stall; please choose another.",
        ),
        ErrorCode::AlreadyBooked => (
            "您在这场集市已经订了摊位。",
            "You already have a stall at this market.",
        ),
        ErrorCode::KeptForHouseholds => (
            "剩下的摊位留给帮扶户，您可以先排队候补；开市前一段时间仍空着，就按排队顺序给候补的人。",
            "The stalls left are kept for priority households; you may join the line: those still free shortly before the market go to it in turn.",
        ),
        ErrorCode::AlreadyApplied => (
            "您已经报名参加这场集市的摇号了。",
            "You have already applied for this market's lottery.",
        ),
        ErrorCode::BookingClosed => (
            "这场集市现在不能订摊位（还没开始或已经截止）。",
            "Stalls for this market cannot be booked now (not yet open, or closed).",
        ),
        ErrorCode::PlateRequired => (
            "后备箱车位要填车牌号。",
            "A car bay needs your car plate.",
        ),
        ErrorCode::CancelClosed => (
            "快开市了，已经不能取消；请联系组织者。",
            "It is too close to the opening to cancel; please call the organiser.",
        ),
        ErrorCode::WrongStatus => (
            "这个预订现在不能这样处理。",
            "This booking cannot be changed that way now.",
        ),
        ErrorCode::BadToken => (
            "这个二维码或验证码无效，请核对后再试。",
            "This QR code or code is not valid. Please check it and try again.",
        ),
        ErrorCode::NotOpen => (
            "现在不是这场集市的签到时间。",
            "Check-in for this market is not open now.",
        ),
        ErrorCode::WrongMarket => (
            "这是另一场集市的凭证。",
            "This ticket is for another market.",
        ),
        ErrorCode::NotConfirmed => (
            "这个预订没有确认（已取消、未通过或还在审核）。",
            "This booking is not confirmed (cancelled, rejected or awaiting approval).",
        ),
        ErrorCode::KeyReused => (
            "这个请求编号已经用过了，请刷新后重试。",
            "This request id was already used for another request; reload and try again.",
        ),
        ErrorCode::Internal => (
            "服务器出错了，请稍后再试。",
            "Something went wrong on our side. Please try again later.",
        ),
        ErrorCode::Unavailable => (
            "服务暂时不可用，请稍后再试。",
            "The service is temporarily unavailable. Please try again later.",
        ),
        ErrorCode::Unknown => ("出错了。", "Something went wrong."),
    };
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, routing::post, Router};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    #[derive(serde::Deserialize)]
    struct Echo {
        #[expect(dead_code, reason = "only its presence in the body matters")]
        name: String,
    }

    async fn echo(AppJson(_): AppJson<Echo>) -> StatusCode {
        StatusCode::NO_CONTENT
    }

    fn router() -> Router {
        Router::new()
            .route("/echo", post(echo))
            .fallback(api_not_found)
            .layer(axum::middleware::from_fn(render_error_bodies))
    }

    async fn send(
        body: &'static str,
        content_type: &str,
        lang: &str,
    ) -> (StatusCode, serde_json::Value) {
        let request = Request::post("/echo")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(body))
            .unwrap();
        let response = router().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, json)
    }

    #[tokio::test]
    async fn well_formed_json_passes() {
        let (status, _) = send(r#"{"name":"枇杷"}"#, "application/json", "").await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }

    #[test]
    fn a_large_integral_number_written_with_a_point_is_read_exactly() {
        // Parsed imprecisely, this lands a fraction off the integer and is refused as JSON.
        let mut value: serde_json::Value =
            serde_json::from_str(r#"{"fee_fen": 2168064562619209.0}"#).unwrap();
        integral_numbers_as_integers(&mut value);
        assert_eq!(value["fee_fen"].as_i64(), Some(2_168_064_562_619_209));
    }

    #[tokio::test]
    async fn malformed_json_is_invalid_json_in_chinese_by_default() {
        let (status, json) = send("{not json", "application/json", "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(json["error"]["code"], "invalid_json");
        assert_eq!(json["error"]["message"], "请求内容格式有误。");
    }

    #[tokio::test]
    async fn wrong_shape_is_invalid_json_in_english_when_asked() {
        let (status, json) = send(r#"{"nom":1}"#, "application/json", "en-US,en;q=0.9").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(json["error"]["code"], "invalid_json");
        assert!(json["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The request body"));
    }

    #[tokio::test]
    async fn missing_content_type_is_unsupported_media_type() {
        let (status, json) = send(r#"{"name":"x"}"#, "text/plain", "").await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(json["error"]["code"], "unsupported_media_type");
    }

    #[test]
    fn every_code_has_both_messages() {
        for code in ErrorCode::ALL {
            assert_ne!(
                message(code, Lang::ZhCn),
                message(code, Lang::En),
                "{code:?}"
            );
        }
    }
}
