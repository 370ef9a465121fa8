//! The web app from `dist/`: hashed assets cached forever, `index.html` always revalidated, and any
//! app route (a deep link such as `/me`) answered with `index.html` so it survives a reload. The
//! second app (organisers' desk, stallholders' bookings) lives in `dist/organise/` and answers the
//! routes under `/organise`, `/stall` and `/account`; the gate's scanner in `dist/gate/` answers
//! `/gate`, and the visitors' check-in in `dist/checkin/` answers `/checkin`.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use axum::{
    extract::Request,
    handler::HandlerWithoutStateExt,
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::get,
    Router,
};
use tower_http::services::ServeDir;

use crate::csp;

/// Caching for files whose name carries a content hash: they never change under that name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Caching for everything else: keep a copy, but ask the server (a cheap 304) before using it.
const REVALIDATE: &str = "no-cache";

/// Routes for the app's files, to be merged after the API.
/// With `wechat`, each page says the server is configured for WeChat (see [`WECHAT_MARK`]).
pub fn router<S: Clone + Send + Sync + 'static>(dist: PathBuf, wechat: bool) -> Router<S> {
    // Each app's page by its own name too (the service worker keeps `/organise/index.html` and
    // `/gate/index.html`): always through `serve_index_with`, which gives a page its policy with
    // the hashes of its inline scripts; as a plain file it would get none, and not start.
    let page = |path: PathBuf| {
        let path = Arc::new(path);
        move |headers: HeaderMap| serve_index(Arc::clone(&path), headers, wechat)
    };
    let indexes = Arc::new(Indexes {
        villagers: dist.join("index.html"),
        organisers: dist.join("organise").join("index.html"),
        gate: dist.join("gate").join("index.html"),
        checkin: dist.join("checkin").join("index.html"),
        wechat,
    });
    let app_route = move |uri: Uri, headers: HeaderMap| {
        app_route_or_missing(uri, headers, Arc::clone(&indexes))
    };
    let files = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(app_route.into_service());
    Router::new()
        .route("/index.html", get(page(dist.join("index.html"))))
        .route(
            "/organise/index.html",
            get(page(dist.join("organise").join("index.html"))),
        )
        .route(
            "/gate/index.html",
            get(page(dist.join("gate").join("index.html"))),
        )
        .fallback_service(files)
        .layer(middleware::from_fn(set_cache_control))
}

/// `index.html`, read on each request so a rebuilt app is served without a restart, with an ETag so
/// a phone that has it already gets a bodiless 304 when it revalidates.
async fn serve_index(path: Arc<PathBuf>, request_headers: HeaderMap, wechat: bool) -> Response {
    serve_index_with(&path, &request_headers, wechat, |html| html).await
}

/// Where a page says the server signs WeChat's JS-SDK: the apps inside WeChat then configure it,
/// and never ask a server that cannot (`src/wechat.rs`). The same for every browser, so kept
/// answers and caches may share it.
pub const WECHAT_MARK: &str = "<meta name=\"jishi-wechat\" content=\"on\">";

/// `index.html` changed by `adapt` (a shared market page puts its title and description in the
/// head), marked when the server is configured for WeChat.
pub async fn serve_index_with(
    path: &Path,
    request_headers: &HeaderMap,
    wechat: bool,
    adapt: impl FnOnce(String) -> String,
) -> Response {
    match tokio::fs::read_to_string(path).await {
        Ok(html) => {
            // The scripts admitted are the built page's own, hashed before a market's text goes in:
            // nothing an adapted page carries can run, even if an escape were ever missed.
            let policy = HeaderValue::from_str(&csp::for_page(&html));
            let html = adapt(html);
            let html = match wechat {
                true => insert_after_charset(&html, WECHAT_MARK),
                false => html,
            };
            let etag = etag_of(html.as_bytes());
            let cached = request_headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
            let mut response = if cached {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                Html(html).into_response()
            };
            if let Ok(value) = HeaderValue::from_str(&etag) {
                response.headers_mut().insert(header::ETAG, value);
            }
            if let Ok(policy) = policy {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            // Also set here: routes outside this module (shared market pages) serve it too.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            response
        }
        Err(error) => {
            tracing::error!(path = %path.display(), %error, "the web app is not built");
            (StatusCode::SERVICE_UNAVAILABLE, Html(UPDATING_PAGE)).into_response()
        }
    }
}

/// What a phone shows while `dist/` is missing or being rebuilt: sized for a phone (without the
/// viewport line it is drawn 980 px wide, its text a few pixels high), in both languages.
const UPDATING_PAGE: &str = "<!doctype html><html lang=zh-CN><meta charset=utf-8>\
<meta name=viewport content=\"width=device-width,initial-scale=1\"><title>集市通</title>\
<body style=\"font:1.25rem/1.6 sans-serif;margin:1.5rem\"><p>集市通正在更新，请稍后再试。</p>\
<p lang=en>Jishi is being updated; please try again shortly.</p>";

/// The routes of the third app (the gate's scanner).
const GATE_APP: &str = "/gate";

/// The apps' pages.
struct Indexes {
    villagers: PathBuf,
    organisers: PathBuf,
    gate: PathBuf,
    checkin: PathBuf,
    /// Whether the pages carry [`WECHAT_MARK`].
    wechat: bool,
}

/// `html` with `head` right after its charset declaration (which must come first in the head).
/// trunk minifies pages, so this anchors on what survives minification.
pub fn insert_after_charset(html: &str, head: &str) -> String {
    match html
        .find("<meta charset")
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
    {
        Some(after) => format!("{}{head}{}", &html[..after], &html[after..]),
        None => html.to_owned(),
    }
}

/// Whether `path` is `prefix` or below it.
fn under(path: &str, prefix: &str) -> bool {
    path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// A path with no file behind it: an app route gets its app's `index.html`; a missing file gets 404.
async fn app_route_or_missing(uri: Uri, headers: HeaderMap, indexes: Arc<Indexes>) -> Response {
    let path = uri.path();
    if looks_like_file(path) {
        (StatusCode::NOT_FOUND, "Not found").into_response()
    } else if jishi_views::paths::in_second_app(path) {
        serve_index_with(&indexes.organisers, &headers, indexes.wechat, |html| html).await
    } else if under(path, GATE_APP) {
        serve_index_with(&indexes.gate, &headers, indexes.wechat, |html| html).await
    } else if path.trim_end_matches('/') == jishi_views::paths::CHECKIN {
        serve_index_with(&indexes.checkin, &headers, indexes.wechat, |html| html).await
    } else {
        serve_index_with(&indexes.villagers, &headers, indexes.wechat, |html| html).await
    }
}

/// A weak validator (the bytes on the wire differ by compression) from the file's content.
fn etag_of(content: &[u8]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    // `DefaultHasher::new()` is the same in every process of one build: restarts keep the tag.
    let mut hasher = DefaultHasher::new();
    hasher.write(content);
    format!("W/\"{:016x}-{:x}\"", hasher.finish(), content.len())
}

/// `/jishi-1a2b.js` names a file; `/m/42` and `/me` name app routes.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// Sets `Cache-Control` by what was served: HTML revalidates, hashed assets are immutable.
async fn set_cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if !response.status().is_success() && response.status() != StatusCode::NOT_MODIFIED {
        return response;
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if hashed && !is_html {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // Precompressed files differ by Accept-Encoding; caches in between must keep them apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether trunk put a content hash in this file's name (`jishi-0123456789abcdef_bg.wasm`).
fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.rsplit('/').next() else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed_asset("/jishi-9f86d081884c7d65.js"));
        assert!(is_hashed_asset("/jishi-9f86d081884c7d65_bg.wasm"));
        assert!(is_hashed_asset("/main-9f86d081884c7d65.css"));
        assert!(is_hashed_asset("/jishi-9f86d081884c7d65_bg.wasm.br"));
    }

    #[test]
    fn plain_names_are_not_hashed() {
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/unsupported-browser.js"));
        assert!(!is_hashed_asset("/icons/app-icon-192.png"));
        assert!(!is_hashed_asset("/x-zzzzzzzzzzzzzzzz.js"));
    }

    #[test]
    fn file_paths_and_app_routes_are_told_apart() {
        assert!(looks_like_file("/jishi-1a2b.js"));
        assert!(looks_like_file("/icons/a.png"));
        assert!(!looks_like_file("/"));
        assert!(!looks_like_file("/me"));
        assert!(!looks_like_file("/m/42"));
    }
}
