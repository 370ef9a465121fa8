//! Every error answers `{"error":{"code","message"}}`, in the request's language.

use serde_json::Value;

use crate::helpers::spawn_app;

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    assert_eq!(response.headers()["content-type"], "application/json");
    (
        status,
        response.json().await.expect("an error body is JSON"),
    )
}

#[tokio::test]
async fn unknown_api_routes_are_not_found_in_chinese_by_default() {
    let app = spawn_app().await;

    for path in ["/api/v1/nothing-here", "/api/v2/health", "/api/", "/api"] {
        let (status, body) = error_of(app.get(path).await).await;

        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert_eq!(body["error"]["message"], "找不到您要的内容。", "{path}");
    }
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(format!("{}/api/v1/nothing-here", app.address))
        .header("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5")
        .send()
        .await
        .unwrap();

    assert_eq!(response.headers()["content-language"], "en");
    let (status, body) = error_of(response).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["message"], "Not found.");
}

#[tokio::test]
async fn a_wrong_method_is_method_not_allowed() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(format!("{}/api/v1/health", app.address))
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();

    let (status, body) = error_of(response).await;
    assert_eq!(status, 405);
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn api_errors_are_never_cached() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/nothing-here").await;

    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn rejections_by_the_extractors_answer_in_the_contract() {
    let app = spawn_app().await;

    // A path segment that is not UTF-8, a query string of the wrong shape.
    for (path, code) in [
        ("/api/v1/markets/%FF", "bad_request"),
        ("/api/v1/markets/%FF/stalls", "bad_request"),
        ("/api/v1/markets?from=not-a-date", "invalid_date"),
        ("/api/v1/products/%C3%28", "bad_request"),
        ("/api/v1/workshops/%FF", "bad_request"),
    ] {
        let (status, body) = error_of(app.get(path).await).await;

        assert!((400..500).contains(&status), "{path}: {status}");
        assert_eq!(body["error"]["code"], code, "{path}");
        assert!(body["error"]["message"].is_string(), "{path}");
    }
}
