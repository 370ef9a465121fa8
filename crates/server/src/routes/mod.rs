//! The API routes, `/api/v1/…`. Each file extracts, parses into core types, calls the service or
//! store, and maps the result; rules live below the routes.

mod auth;
mod bookings;
mod checkins;
mod health;
mod markets;
mod me;
mod organise;
mod products;

use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post},
    Router,
};

use crate::{services::photos::MAX_UPLOAD_BYTES, startup::AppState};

/// `/media/{photo}`: product photos, outside the API's prefix (they are images, not JSON).
pub fn media() -> Router<AppState> {
    Router::new().route("/media/{name}", get(products::media))
}

/// Every `/api/v1` route.
pub fn v1() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/auth/otp", post(auth::request_code))
        .route("/auth/challenge", post(auth::challenge))
        .route("/auth/session", post(auth::log_in).delete(auth::log_out))
        .route("/me", get(me::get_me).patch(me::update_me))
        .route("/me/products", get(products::mine))
        .route("/me/bookings", get(bookings::mine))
        .route(
            "/markets/{id}/bookings",
            get(bookings::for_market).post(bookings::book),
        )
        .route(
            "/markets/{id}/bookings/on-behalf",
            post(bookings::on_behalf),
        )
        .route(
            "/markets/{id}/waitlist",
            post(bookings::join_waitlist).delete(bookings::leave_waitlist),
        )
        .route("/bookings/{id}", get(bookings::detail))
        .route("/bookings/{id}/cancel", post(bookings::cancel))
        .route("/bookings/{id}/approve", post(bookings::approve))
        .route("/bookings/{id}/reject", post(bookings::reject))
        .route("/bookings/{id}/no-show", post(bookings::no_show))
        .route("/checkin/keys", get(bookings::keys))
        .route("/checkins", post(checkins::visitor))
        .route("/checkins/stall", post(checkins::stall))
        .route("/checkins/batch", post(checkins::batch))
        .route("/markets/{id}/poster", get(checkins::poster))
        .route("/markets/{id}/stats", get(checkins::stats))
        .route("/markets/{id}/export.csv", get(checkins::export_csv))
        .route("/host-units", get(organise::host_units))
        .route("/markets", get(markets::list).post(organise::create_market))
        .route(
            "/markets/{id}",
            get(markets::detail).patch(organise::update_market),
        )
        .route("/markets/{id}/cancel", post(organise::cancel_market))
        .route("/series", post(organise::create_series))
        .route("/products", get(products::list).post(products::create))
        .route(
            "/products/{id}",
            get(products::detail).put(products::update),
        )
        .route(
            "/products/{id}/photos",
            post(products::add_photo).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/workshops", get(products::workshops))
        .route("/workshops/{id}", get(products::workshop))
        .route(
            "/markets/{id}/stalls",
            get(markets::stalls).put(organise::set_layout),
        )
        .route("/markets/{id}/stalls/copy", post(organise::copy_layout))
        .route("/markets/{id}/calendar.ics", get(markets::calendar_ics))
}
