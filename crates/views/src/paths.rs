//! The apps' routes, in one place: links, the routers and the server's pages all read these.

/// 集市: the month's markets (the first screen).
pub const MARKETS: &str = "/";
/// 好物: local products and workshops.
pub const PRODUCTS: &str = "/products";
/// 我的: the user's own things and settings.
pub const ME: &str = "/me";

/// Where the second app's routes start: it is another wasm (`organise.html`), so links between
/// its pages and the villagers' are `rel="external"`, loading the other app. The server serves
/// `organise.html` under these.
pub const SECOND_APP: [&str; 3] = [ORGANISE, "/stall", ACCOUNT];

/// Whether `path` is one of the second app's pages.
pub fn in_second_app(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    SECOND_APP
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

/// The account: logging in, then the profile (name, village, logging out). In the second app,
/// with the people who log in (stallholders and organisers), so that a villager who only reads
/// the schedule never downloads the forms.
pub const ACCOUNT: &str = "/account";

/// Log in, then come back to `next` (a path of either app).
pub fn login(next: &str) -> String {
    format!("{ACCOUNT}?next={}", jishi_core::url::encode(next, "/"))
}

/// The organiser's desk (the second app).
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

/// A market's stall layout, for its organisers.
pub fn stall_layout(id: &str) -> String {
    format!("/organise/m/{id}/stalls")
}

/// The layout page right after `count` markets were published (one, or a series of which this is
/// the first): it says so, and that stalls come next.
pub fn stall_layout_after_publish(id: &str, count: usize) -> String {
    format!("{}?published={count}", stall_layout(id))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_app_owns_its_prefixes_and_nothing_that_merely_starts_alike() {
        for path in [
            "/organise",
            "/organise/m/1",
            "/stall/mine",
            "/account",
            "/account?next=%2Fme",
        ] {
            assert!(in_second_app(path), "{path}");
        }
        for path in [
            "/",
            "/me",
            "/m/1",
            "/products",
            "/accounts",
            "/stalls",
            "/checkin?t=1",
        ] {
            assert!(!in_second_app(path), "{path}");
        }
    }

    #[test]
    fn the_way_back_after_login_survives_the_query() {
        assert_eq!(login("/stall/m/a b"), "/account?next=/stall/m/a%20b");
    }
}
