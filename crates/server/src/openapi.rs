//! `GET /api/v1/openapi.json`: the API's contract, machine-readable. The paths and their schemas
//! come from the handlers (`routes::v1`); this adds what every call shares: the bearer scheme, the
//! server prefix, and the error answers any call can give (a malformed path or body, a dependency
//! down), each with the one error body.

use std::sync::Arc;

use axum::{http::header, response::IntoResponse};
use jishi_core::api::ErrorBody;
use utoipa::{
    openapi::{
        path::Operation,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, OpenApi, RefOr, Response, ResponseBuilder, ServerBuilder,
    },
    PartialSchema,
};

/// The finished document, serialised once.
#[derive(Debug, Clone)]
pub struct Document(pub Arc<String>);

/// Completes the document the routes collected.
pub fn complete(mut api: OpenApi) -> Document {
    api.info.title = "Jishi (集市通) API".to_owned();
    api.info.version = "1".to_owned();
    api.info.description = Some(
        "The village markets' API. Every error answers `{\"error\": {\"code\", \"message\", \"field\"?}}`, \
         the message in the language of `Accept-Language` (Chinese unless English is preferred). \
         Times are RFC 3339 in +08:00."
            .to_owned(),
    );
    api.servers = Some(vec![ServerBuilder::new().url("/api/v1").build()]);
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    for item in api.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            add_shared_errors(operation);
        }
    }
    let mut json = serde_json::to_value(&api).unwrap_or_default();
    patterned_formats(&mut json);
    Document(Arc::new(json.to_string()))
}

/// A calendar date `YYYY-MM-DD` that exists (the 31st only in long months, 29 February only in
/// leap years).
const DATE: &str = concat!(
    r"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])",
    r"|\d{4}-(0[13-9]|1[0-2])-(29|30)",
    r"|\d{4}-(0[13578]|1[02])-31",
    r"|(\d{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)"
);
/// A time of day with its offset, as RFC 3339 writes it.
const TIME: &str = r"T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)";

/// In OpenAPI 3.1 (JSON Schema 2020-12) `format` only annotates: a client may send "" where the
/// document says `date-time`. A pattern makes the document say exactly what the server takes.
fn patterned_formats(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            let pattern = match fields.get("format").and_then(|f| f.as_str()) {
                Some("date-time") => Some(format!("^{DATE}{TIME}$")),
                Some("date") => Some(format!("^{DATE}$")),
                _ => None,
            };
            if let Some(pattern) = pattern {
                fields
                    .entry("pattern")
                    .or_insert_with(|| serde_json::Value::from(pattern));
            }
            fields.values_mut().for_each(patterned_formats);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(patterned_formats),
        _ => {}
    }
}

fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(ErrorBody::schema()))
                .build(),
        )
        .build()
        .into()
}

/// The answers any call can give, added where its own attribute did not say more.
fn add_shared_errors(operation: &mut Operation) {
    let has_body = operation.request_body.is_some();
    let authed = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    let mut shared = vec![
        (
            "400",
            "`bad_request`: a malformed path or query; `invalid_json`: a body that is not JSON of this shape",
        ),
        ("404", "`not_found`"),
        ("500", "`internal`"),
        ("503", "`unavailable`: the database does not answer"),
    ];
    if has_body {
        shared.push(("413", "`payload_too_large`"));
        shared.push(("415", "`unsupported_media_type`: send `application/json`"));
    }
    if authed {
        shared.push(("401", "`unauthorized`: no session, or an expired one"));
    }
    for (status, description) in shared {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error(description));
    }
}

/// `GET /api/v1/openapi.json` answers with the document.
impl IntoResponse for Document {
    fn into_response(self) -> axum::response::Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            self.0.as_str().to_owned(),
        )
            .into_response()
    }
}
