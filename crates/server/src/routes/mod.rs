//! The API routes, `/api/v1/…`. Each file extracts, parses into core types, calls the service or
//! store, and maps the result; rules live below the routes.

mod health;

use axum::{routing::get, Router};

use crate::startup::AppState;

/// Every `/api/v1` route.
pub fn v1() -> Router<AppState> {
    Router::new().route("/health", get(health::health))
}
