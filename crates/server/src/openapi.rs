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
    Document(Arc::new(api.to_json().unwrap_or_default()))
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
