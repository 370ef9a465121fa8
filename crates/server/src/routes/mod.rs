//! The API routes, `/api/v1/…`. Each file extracts, parses into core types, calls the service or
//! store, and maps the result; rules live below the routes.

mod accounts;
mod bookings;
mod checkins;
mod health;
mod households;
mod lottery;
mod markets;
mod messages;

mod products;
mod reports;
mod stalls;
mod wechat;
mod workshops;

use axum::{extract::DefaultBodyLimit, routing::get, Router};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{services::photos::MAX_UPLOAD_BYTES, state::AppState};

/// A query filter naming one of a closed set of values (`kind=`, `category=`): absent is no filter;
/// present, it must be one of them (an empty value too is refused).
fn filter<T>(
    name: &str,
    text: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, crate::error::AppError> {
    text.map(|text| {
        parse(text).ok_or_else(|| crate::error::AppError::InvalidInput(format!("{name} {text:?}")))
    })
    .transpose()
}

/// `/media/{photo}`: product photos, outside the API's prefix (they are images, not JSON).
pub fn media() -> Router<AppState> {
    Router::new().route("/media/{name}", get(products::media))
}

/// Every `/api/v1` route, and the OpenAPI document of them: both come from the handlers'
/// `#[utoipa::path]` attributes, so the document cannot miss a route or name one that is not there.
pub fn v1() -> OpenApiRouter<AppState> {
    let (schemas, paths, photos) = routes!(products::add_photo);
    let photos = (
        schemas,
        paths,
        photos.layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
    );
    OpenApiRouter::new()
        .routes(routes!(health::health))
        .routes(routes!(accounts::request_code))
        .routes(routes!(accounts::challenge))
        .routes(routes!(accounts::log_in, accounts::log_out))
        .routes(routes!(accounts::get_me, accounts::update_me))
        .routes(routes!(products::mine))
        .routes(routes!(bookings::mine))
        .routes(routes!(bookings::for_market, bookings::book))
        .routes(routes!(bookings::on_behalf))
        .routes(routes!(bookings::join_waitlist, bookings::leave_waitlist))
        .routes(routes!(bookings::detail))
        .routes(routes!(bookings::cancel))
        .routes(routes!(bookings::approve))
        .routes(routes!(bookings::reject))
        .routes(routes!(bookings::no_show))
        .routes(routes!(checkins::keys))
        .routes(routes!(checkins::visitor))
        .routes(routes!(checkins::stall))
        .routes(routes!(checkins::batch))
        .routes(routes!(checkins::poster))
        .routes(routes!(checkins::stats))
        .routes(routes!(checkins::export_csv))
        .routes(routes!(reports::report))
        .routes(routes!(reports::report_csv))
        .routes(routes!(markets::host_units))
        .routes(routes!(markets::list, markets::create_market))
        .routes(routes!(markets::detail, markets::update_market))
        .routes(routes!(markets::cancel_market))
        .routes(routes!(markets::create_series))
        .routes(routes!(products::list, products::create))
        .routes(routes!(products::detail, products::update))
        .routes(photos)
        .routes(routes!(workshops::workshops))
        .routes(routes!(workshops::workshop))
        .routes(routes!(messages::settings, messages::set_settings))
        .routes(routes!(messages::for_booking))
        .routes(routes!(messages::for_market))
        .routes(routes!(messages::notices))
        .routes(routes!(messages::usage))
        .routes(routes!(messages::set_limit))
        .routes(routes!(stalls::stalls, stalls::set_layout))
        .routes(routes!(stalls::copy_layout))
        .routes(routes!(markets::calendar_ics))
        .routes(routes!(markets::share_image))
        .routes(routes!(markets::site_share_image))
        .routes(routes!(wechat::js_config))
        .routes(routes!(households::list, households::mark))
        .routes(routes!(households::unmark))
        .routes(routes!(lottery::apply))
        .routes(routes!(lottery::mine, lottery::withdraw))
        .routes(routes!(lottery::draw, lottery::draw_now))
}
