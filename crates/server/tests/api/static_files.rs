//! The app's files: the SPA fallback, cache headers and compression (the pages the server draws
//! itself are `pages.rs`'s).

use crate::helpers::{
    spawn_app, spawn_app_configured, unbrotli, ungzip, CHECKIN_HTML, GATE_HTML, HASHED_JS,
    INDEX_HTML, JS_BODY, ORGANISE_HTML,
};

#[tokio::test]
async fn app_pages_serve_index_html_revalidated_every_time() {
    let app = spawn_app().await;

    let response = app.get("/me").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("skeleton skeleton"));
}

#[tokio::test]
async fn deep_links_to_app_routes_survive_a_reload() {
    let app = spawn_app().await;

    for path in ["/me", "/me/bookings", "/m/42/stalls", "/index.html"] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.unwrap(), INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn the_second_apps_routes_get_the_second_app() {
    let app = spawn_app().await;

    for path in [
        "/organise",
        "/organise/",
        "/organise/new",
        "/organise/m/m-luqiao-202612",
        "/stall/mine",
        "/account",
        "/account?next=/me",
    ] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.unwrap(), ORGANISE_HTML, "{path}");
    }
    for elsewhere in ["/organiser", "/accounts", "/me"] {
        let page = app.get(elsewhere).await.text().await.unwrap();
        assert_eq!(
            page, INDEX_HTML,
            "{elsewhere}: only the prefixes themselves and below"
        );
    }
}

#[tokio::test]
async fn the_gate_and_the_visitors_check_in_get_their_own_apps() {
    let app = spawn_app().await;
    for path in ["/gate/m/m-luqiao-202612", "/gate"] {
        assert_eq!(
            app.get(path).await.text().await.unwrap(),
            GATE_HTML,
            "{path}"
        );
    }
    let checkin = app.get("/checkin?t=v1.abc.def").await.text().await.unwrap();
    assert_eq!(checkin, CHECKIN_HTML);
    let slash = app
        .get("/checkin/?t=v1.abc.def")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(slash, CHECKIN_HTML);
    let below = app.get("/checkin/more").await.text().await.unwrap();
    assert_eq!(below, INDEX_HTML, "only /checkin itself");
}

#[tokio::test]
async fn index_html_revalidates_to_a_bodiless_304() {
    let app = spawn_app().await;
    let first = app.get("/me").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();

    let again = app
        .client
        .get(format!("{}/me", app.address))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();

    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert_eq!(again.headers()["cache-control"], "no-cache");
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stale_etag_gets_the_page() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/me", app.address))
        .header("If-None-Match", "W/\"0000000000000000-0\"")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), INDEX_HTML);
}

#[tokio::test]
async fn a_missing_file_is_a_plain_404_not_the_app() {
    let app = spawn_app().await;

    let response = app.get("/jishi-ffffffffffffffff.js").await;

    assert_eq!(response.status(), 404);
    assert_ne!(response.text().await.unwrap(), INDEX_HTML);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_plain_files_revalidate() {
    let app = spawn_app().await;

    let hashed = app.get(HASHED_JS).await;
    let plain = app.get("/favicon.svg").await;

    assert_eq!(hashed.status(), 200);
    assert_eq!(
        hashed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn precompressed_brotli_is_sent_to_browsers_that_take_it() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}{HASHED_JS}", app.address))
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.headers()["vary"]
        .to_str()
        .unwrap()
        .contains("accept-encoding"));
    assert_eq!(unbrotli(&response.bytes().await.unwrap()), JS_BODY);
}

#[tokio::test]
async fn files_without_a_precompressed_copy_are_compressed_on_the_fly() {
    let app = spawn_app().await;

    let index = app
        .client
        .get(format!("{}/me", app.address))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();

    assert_eq!(index.headers()["content-encoding"], "gzip");
    assert_eq!(ungzip(&index.bytes().await.unwrap()), INDEX_HTML);
}

#[tokio::test]
async fn api_answers_are_compressed_too() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/api/v1/nothing-here", app.address))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["content-encoding"], "br");
    let body: serde_json::Value =
        serde_json::from_str(&unbrotli(&response.bytes().await.unwrap())).unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn clients_that_take_no_compression_get_the_plain_bytes() {
    let app = spawn_app().await;

    let response = app.get(HASHED_JS).await;

    assert!(response.headers().get("content-encoding").is_none());
    assert_eq!(response.text().await.unwrap(), JS_BODY);
}

#[tokio::test]
async fn every_answer_forbids_content_sniffing() {
    let app = spawn_app().await;

    for path in ["/", HASHED_JS, "/api/v1/health"] {
        let response = app.get(path).await;

        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
    }
}

#[tokio::test]
async fn no_page_can_be_framed_and_only_its_own_scripts_run() {
    let app = spawn_app().await;

    for path in [
        "/",
        "/m/m-luqiao-202612",
        "/organise",
        "/gate/m/m-luqiao-202612",
        "/me",
        "/api/v1/health",
    ] {
        let response = app.get(path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        for directive in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{path}");
    }
    // Every app's page, by route or by its file's own name (as the service worker keeps it).
    for path in [
        "/",
        "/index.html",
        "/organise/index.html",
        "/gate/index.html",
        "/stall/b/x",
    ] {
        let page = app.get(path).await;
        assert!(
            page.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("'sha256-MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY='"),
            "{path}: the page's inline boot script is admitted by its hash"
        );
    }
}

#[tokio::test]
async fn while_the_app_is_rebuilt_phones_read_a_page_sized_for_them() {
    let empty = tempfile::TempDir::new().unwrap();
    let app = spawn_app_configured(|args| args.dist = empty.path().join("dist")).await;

    let response = app.get("/stall/mine").await;

    assert_eq!(response.status(), 503);
    let page = response.text().await.unwrap();
    assert!(page.contains("<meta name=viewport content=\"width=device-width,initial-scale=1\">"));
    assert!(page.contains("集市通正在更新") && page.contains("Jishi is being updated"));
}
