//! The apps' routes, in one place: links, the routers and the server's pages all read these.

/// 集市: the month's markets (the first screen).
pub const MARKETS: &str = "/";
/// 好物: local products and workshops.
pub const PRODUCTS: &str = "/products";
/// 我的: the user's own things and settings.
pub const ME: &str = "/me";

/// The organiser's desk: the organisers' app (`organise.html`), so links to it and from it to
/// the pages above are `rel="external"`, loading the other app.
pub const ORGANISE: &str = "/organise";
/// Publish a market.
pub const ORGANISE_NEW: &str = "/organise/new";
/// Publish a monthly series.
pub const ORGANISE_SERIES: &str = "/organise/series";

/// One market's page, the link shared in WeChat groups.
pub fn market(id: &str) -> String {
    format!("/m/{id}")
}

/// One product's page.
pub fn product(id: &str) -> String {
    format!("/p/{id}")
}

/// One workshop's page.
pub fn workshop(id: &str) -> String {
    format!("/w/{id}")
}

/// The goods a user keeps (the organisers' app, open to stallholders too).
pub const MY_PRODUCTS: &str = "/organise/products";
/// Add one.
pub const MY_PRODUCTS_NEW: &str = "/organise/products/new";

/// The form of one of them.
pub fn my_product(id: &str) -> String {
    format!("/organise/products/{id}")
}

/// A market's stall map, to book a stall (the second app).
pub fn book_stall(market_id: &str) -> String {
    format!("/stall/m/{market_id}")
}

/// A booking's ticket (the second app).
pub fn ticket(booking_id: &str) -> String {
    format!("/stall/b/{booking_id}")
}

/// The user's bookings (the second app).
pub const MY_BOOKINGS: &str = "/stall/mine";

/// An organiser's form for one market.
pub fn organise_market(id: &str) -> String {
    format!("/organise/m/{id}")
}

/// The gate's scanner for a market (the third app).
pub fn gate(market_id: &str) -> String {
    format!("/gate/m/{market_id}")
}

/// A market's bookings, for its organisers.
pub fn market_bookings(id: &str) -> String {
    format!("/organise/m/{id}/bookings")
}

/// Where the phone downloads a market's calendar event (a link, not a fetch: the OS opens it).
pub fn market_calendar(id: &str) -> String {
    format!(
        "{}/markets/{}/calendar.ics",
        jishi_core::api::API_PREFIX,
        jishi_core::url::encode(id, "")
    )
}
