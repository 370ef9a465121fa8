//! The apps' router: the address as a signal, links of this site followed in the app, and the page
//! whose `jishi_views::paths` pattern matches drawn. Written here rather than taken from
//! leptos_router because the apps need only this much of it, and its general machinery (nested
//! routes, typed segments and their views, monomorphised per route) weighed more in each wasm than
//! any page (BENCHMARKS.md).
//!
//! The hooks keep leptos_router's names and meaning: `use_params_map` (the pattern's `:name`s),
//! `use_query_map` (decoded), `use_location`, `use_navigate`.

use jishi_views::paths::{self, Pattern};
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

/// One page: the pattern it answers, and how to draw it.
#[derive(Clone, Copy)]
pub struct Route {
    pub path: Pattern,
    pub view: fn() -> AnyView,
}

/// Named values, of a route's pattern or of the query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The value of `key`, if it is there.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The pairs of a query (`?a=1&b=2`, its `?` optional), decoded.
    pub fn of_query(search: &str) -> Self {
        let pairs = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty());
        Self(
            pairs
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (jishi_core::url::decode(key), jishi_core::url::decode(value))
                })
                .collect(),
        )
    }
}

/// Where the app is: the path and the query (with its `?`, or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Address {
    path: String,
    search: String,
}

impl Address {
    fn now() -> Self {
        let location = window().location();
        Self {
            path: location.pathname().unwrap_or_else(|_| "/".into()),
            search: location.search().unwrap_or_default(),
        }
    }
}

#[derive(Clone, Copy)]
struct RouterContext {
    address: RwSignal<Address>,
}

/// How a navigation goes: into a new history entry or in place of this one; to the top or not.
#[derive(Debug, Clone, Copy)]
pub struct NavigateOptions {
    pub replace: bool,
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        Self {
            replace: false,
            scroll: true,
        }
    }
}

/// Follows the address: the back button, and every click on a link of this site that a plain
/// browser would follow in this tab (not one with `rel="external"`, `download`, another target or
/// a `#` place, and not with a modifier key, which the browser keeps for itself).
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let address = RwSignal::new(Address::now());
    provide_context(RouterContext { address });
    let back = window_event_listener(ev::popstate, move |_| address.set(Address::now()));
    let click = window_event_listener(ev::click, move |ev| {
        if let Some(href) = followed_in_app(&ev) {
            ev.prevent_default();
            go(address, &href, NavigateOptions::default());
        }
    });
    on_cleanup(move || {
        back.remove();
        click.remove();
    });
    children()
}

/// The page of the first route that matches the path, or `fallback`. Drawn again when the path
/// changes; a change of the query alone reaches the page through `use_query_map`.
#[component]
pub fn Routes(routes: &'static [Route], fallback: fn() -> AnyView) -> impl IntoView {
    let address = context().address;
    let path = Memo::new(move |_| address.with(|a| a.path.clone()));
    move || {
        let path = path.get();
        let matched = routes
            .iter()
            .find_map(|route| paths::matched(route.path, &path).map(|params| (route.view, params)));
        untrack(|| match matched {
            Some((view, params)) => {
                let params = params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                provide_context(RouteParams(ParamsMap(params)));
                view()
            }
            None => fallback(),
        })
    }
}

#[derive(Clone)]
struct RouteParams(ParamsMap);

fn context() -> RouterContext {
    use_context().expect("a page sits inside <Router>")
}

/// The `:name`s of the page's pattern.
pub fn use_params_map() -> Memo<ParamsMap> {
    let params = use_context::<RouteParams>()
        .map(|p| p.0)
        .unwrap_or_default();
    Memo::new(move |_| params.clone())
}

/// The query of the address, decoded.
pub fn use_query_map() -> Memo<ParamsMap> {
    let address = context().address;
    Memo::new(move |_| address.with(|a| ParamsMap::of_query(&a.search)))
}

/// The address's path, as a signal.
pub struct Location {
    pub pathname: Memo<String>,
}

/// Where the app is.
pub fn use_location() -> Location {
    let address = context().address;
    Location {
        pathname: Memo::new(move |_| address.with(|a| a.path.clone())),
    }
}

/// Goes to a path of this app (with its query).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone {
    let address = context().address;
    move |href: &str, options| go(address, href, options)
}

fn go(address: RwSignal<Address>, href: &str, options: NavigateOptions) {
    let Ok(history) = window().history() else {
        return;
    };
    let pushed = if options.replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
    };
    if pushed.is_err() {
        // Not an address of this page's origin: let the browser go there.
        let _ = window().location().set_href(href);
        return;
    }
    address.set(Address::now());
    if options.scroll {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The path and query a click on a link of this site leads to, when the app follows it.
fn followed_in_app(ev: &ev::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    // A link to a place in a page is the browser's to scroll to.
    if !anchor.hash().is_empty() {
        return None;
    }
    let external = anchor.rel().split_whitespace().any(|r| r == "external");
    let elsewhere = !matches!(anchor.target().as_str(), "" | "_self");
    if external || elsewhere || anchor.has_attribute("download") {
        return None;
    }
    let here = window().location();
    if anchor.origin() != here.origin().ok()? {
        return None;
    }
    Some(format!("{}{}", anchor.pathname(), anchor.search()))
}
