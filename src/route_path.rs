//! The routers' side of `paths`: a page's pattern (`/organise/m/:id`) matched the way leptos_router
//! matches its own segments, so each route is written once, in `jishi_views::paths`, and the links
//! to it are made from the same pattern.

use jishi_views::paths::Pattern;
use leptos_router::{
    ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment,
};

/// A route that matches `pattern`: `/` and words match themselves, `:name` one segment, as a param.
#[derive(Debug, Clone, Copy)]
pub struct RoutePath(pub Pattern);

impl RoutePath {
    fn segments(self) -> impl Iterator<Item = &'static str> {
        self.0.split('/').filter(|segment| !segment.is_empty())
    }

    fn is_root(self) -> bool {
        self.segments().next().is_none()
    }
}

impl PossibleRouteMatch for RoutePath {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        if self.is_root() {
            return StaticSegment("/").test(path);
        }
        let mut remaining = path;
        let mut params = Vec::new();
        for segment in self.segments() {
            let matched = match segment.strip_prefix(':') {
                Some(name) => ParamSegment(name).test(remaining)?,
                None => StaticSegment(segment).test(remaining)?,
            };
            remaining = matched.remaining();
            params.extend(matched.params());
        }
        let matched = &path[..path.len() - remaining.len()];
        Some(PartialPathMatch::new(remaining, params, matched))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        if self.is_root() {
            return StaticSegment("/").generate_path(path);
        }
        for segment in self.segments() {
            match segment.strip_prefix(':') {
                Some(name) => ParamSegment(name).generate_path(path),
                None => StaticSegment(segment).generate_path(path),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jishi_views::paths;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// Whether `route` matches all of `path`, and the id it reads from it.
    fn matches(route: Pattern, path: &str) -> Option<Option<String>> {
        let found = RoutePath(route).test(path)?;
        if !found.is_complete() {
            return None;
        }
        Some(found.params().into_iter().map(|(_, v)| v).next())
    }

    #[wasm_bindgen_test]
    fn each_link_is_matched_by_its_own_route_with_its_id() {
        let id = Some("m-1".to_owned());
        assert_eq!(
            matches(paths::MARKET, &paths::market("m-1")),
            Some(id.clone())
        );
        assert_eq!(
            matches(paths::ORGANISE_MARKET, &paths::organise_market("m-1")),
            Some(id.clone())
        );
        assert_eq!(
            matches(paths::MARKET_ATTENDANCE, &paths::market_attendance("m-1")),
            Some(id.clone())
        );
        assert_eq!(matches(paths::TICKET, &paths::ticket("m-1")), Some(id));
        assert_eq!(matches(paths::MARKETS, "/"), Some(None));
    }

    #[wasm_bindgen_test]
    fn a_route_does_not_match_a_longer_or_another_path() {
        assert_eq!(
            matches(paths::ORGANISE_MARKET, &paths::market_attendance("m-1")),
            None
        );
        assert_eq!(matches(paths::MARKET, &paths::product("p-1")), None);
        assert_eq!(matches(paths::MARKETS, "/me"), None);
    }
}
