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

/// Whether `next` (from a URL's query) is a path of this site to send someone to, and not a way
/// off it: a browser reads `//host`, `/\host` and a path with a tab or line break in it as another
/// site, so none of those is one.
pub fn is_own_path(next: &str) -> bool {
    next.starts_with('/')
        && !next[1..].starts_with(['/', '\\'])
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

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
/// The host units' priority households (帮扶户).
pub const HOUSEHOLDS: &str = "/organise/households";
/// 共富 reports.
pub const REPORTS: &str = "/organise/reports";

/// A page's pattern: its path with `:id` where an id goes. The routers match these (the app's
/// `RoutePath`), and the link functions below fill them in: one place for each route.
pub type Pattern = &'static str;

/// `pattern` with `id` (URL-encoded) in place of its `:id`.
pub fn fill(pattern: Pattern, id: &str) -> String {
    pattern.replacen(":id", &jishi_core::url::encode(id, ""), 1)
}

/// The `:name`s of `pattern` in `path` (decoded, the other way from [`fill`]), when the whole path
/// matches: words match themselves, `:name` one segment; a trailing `/` is allowed.
pub fn matched(pattern: Pattern, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut wanted = pattern.split('/').filter(|s| !s.is_empty());
    let mut given = path.split('/').filter(|s| !s.is_empty());
    let mut params = Vec::new();
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return Some(params),
            (Some(want), Some(segment)) => match want.strip_prefix(':') {
                Some(name) => params.push((name, jishi_core::url::decode(segment))),
                None if want == segment => {}
                None => return None,
            },
            _ => return None,
        }
    }
}

/// One market's page, the link shared in WeChat groups.
pub const MARKET: Pattern = "/m/:id";
/// One product's page.
pub const PRODUCT: Pattern = "/p/:id";
/// One workshop's page.
pub const WORKSHOP: Pattern = "/w/:id";
/// A visitor's check-in (the poster's QR code leads here, with its token): an app of its own
/// (`checkin.html`).
pub const CHECKIN: Pattern = "/checkin";
/// The form of one of the user's goods.
pub const MY_PRODUCT: Pattern = "/organise/products/:id";
/// A market's stall map, to book a stall (the second app).
pub const BOOK_STALL: Pattern = "/stall/m/:id";
/// A booking's ticket (the second app).
pub const TICKET: Pattern = "/stall/b/:id";
/// A lottery market's draw, checked on the phone (the second app).
pub const MARKET_DRAW: Pattern = "/stall/m/:id/draw";
/// An organiser's form for one market.
pub const ORGANISE_MARKET: Pattern = "/organise/m/:id";
/// A market's stall layout, for its organisers.
pub const STALL_LAYOUT: Pattern = "/organise/m/:id/stalls";
/// A market's bookings, for its organisers.
pub const MARKET_BOOKINGS: Pattern = "/organise/m/:id/bookings";
/// A market's printable check-in poster.
pub const MARKET_POSTER: Pattern = "/organise/m/:id/poster";
/// A market's attendance, live.
pub const MARKET_ATTENDANCE: Pattern = "/organise/m/:id/stats";
/// The gate's scanner for a market (the third app).
pub const GATE: Pattern = "/gate/m/:id";

/// One market's page.
pub fn market(id: &str) -> String {
    fill(MARKET, id)
}

/// One product's page.
pub fn product(id: &str) -> String {
    fill(PRODUCT, id)
}

/// One workshop's page.
pub fn workshop(id: &str) -> String {
    fill(WORKSHOP, id)
}

/// The goods a user keeps (the organisers' app, open to stallholders too).
pub const MY_PRODUCTS: &str = "/organise/products";
/// Add one.
pub const MY_PRODUCTS_NEW: &str = "/organise/products/new";

/// The form of one of them.
pub fn my_product(id: &str) -> String {
    fill(MY_PRODUCT, id)
}

/// A market's stall map.
pub fn book_stall(market_id: &str) -> String {
    fill(BOOK_STALL, market_id)
}

/// A booking's ticket.
pub fn ticket(booking_id: &str) -> String {
    fill(TICKET, booking_id)
}

/// A lottery market's draw and its check.
pub fn market_draw(market_id: &str) -> String {
    fill(MARKET_DRAW, market_id)
}

/// The user's bookings (the second app).
pub const MY_BOOKINGS: &str = "/stall/mine";

/// An organiser's form for one market.
pub fn organise_market(id: &str) -> String {
    fill(ORGANISE_MARKET, id)
}

/// A market's stall layout.
pub fn stall_layout(id: &str) -> String {
    fill(STALL_LAYOUT, id)
}

/// The layout page right after `count` markets were published (one, or a series of which this is
/// the first): it says so, and that stalls come next.
pub fn stall_layout_after_publish(id: &str, count: usize) -> String {
    format!("{}?published={count}", stall_layout(id))
}

/// The gate's scanner for a market.
pub fn gate(market_id: &str) -> String {
    fill(GATE, market_id)
}

/// A market's bookings.
pub fn market_bookings(id: &str) -> String {
    fill(MARKET_BOOKINGS, id)
}

/// A market's poster.
pub fn market_poster(id: &str) -> String {
    fill(MARKET_POSTER, id)
}

/// A market's attendance.
pub fn market_attendance(id: &str) -> String {
    fill(MARKET_ATTENDANCE, id)
}

/// Where the phone downloads a market's calendar event (a link, not a fetch: the OS opens it).
pub fn market_calendar(id: &str) -> String {
    format!(
        "{}/markets/{}/calendar.ics",
        jishi_core::api::API_PREFIX,
        jishi_core::url::encode(id, "")
    )
}

/// A market's share picture (its card in WeChat and other chat apps).
pub fn market_share_image(id: &str) -> String {
    format!(
        "{}/markets/{}/share.png",
        jishi_core::api::API_PREFIX,
        jishi_core::url::encode(id, "")
    )
}

/// The site's share picture, for pages without one of their own.
pub fn site_share_image() -> String {
    format!("{}/share.png", jishi_core::api::API_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_of_this_site_is_followed_after_login() {
        for own in ["/me", "/stall/mine", "/organise/m/m-1?x=1"] {
            assert!(is_own_path(own), "{own}");
        }
        for away in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "evil",
            "",
        ] {
            assert!(!is_own_path(away), "{away:?}");
        }
    }

    #[test]
    fn a_link_fills_its_pattern_and_encodes_the_id() {
        assert_eq!(market("m-jinliang"), "/m/m-jinliang");
        assert_eq!(market_attendance("m 1"), "/organise/m/m%201/stats");
    }

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
    fn a_path_matches_its_pattern_whole_and_gives_back_what_fill_put_in() {
        assert_eq!(matched(MARKETS, "/"), Some(vec![]));
        assert_eq!(matched(MARKET, "/m/m-1"), Some(vec![("id", "m-1".into())]));
        assert_eq!(matched(MARKET, "/m/m-1/"), Some(vec![("id", "m-1".into())]));
        assert_eq!(
            matched(STALL_LAYOUT, &fill(STALL_LAYOUT, "市 1")),
            Some(vec![("id", "市 1".into())])
        );
        for (pattern, path) in [
            (MARKET, "/m"),
            (MARKET, "/m/1/2"),
            (MARKETS, "/me"),
            (ME, "/"),
        ] {
            assert_eq!(matched(pattern, path), None, "{pattern} {path}");
        }
    }

    #[test]
    fn the_way_back_after_login_survives_the_query() {
        assert_eq!(login("/stall/m/a b"), "/account?next=/stall/m/a%20b");
    }
}
