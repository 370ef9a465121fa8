use jishi_core::api::Health;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_reports_ok_and_the_version() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/health").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn the_server_stops_gracefully_when_asked() {
    let app = spawn_app().await;
    assert_eq!(app.get("/api/v1/health").await.status(), 200);

    let stopped = app.shut_down().await;

    assert!(stopped.is_ok(), "{stopped:?}");
}
