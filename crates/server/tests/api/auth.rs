//! Login by one-time code: every status of /auth/otp and /auth/session, the limits, and expiry.

use jishi_core::auth::{OTP_RESEND_SECS, OTP_TTL_SECS};
use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app};

const PHONE: &str = "13800138000";

#[tokio::test]
async fn asking_for_a_code_sends_one_and_never_returns_it() {
    let app = spawn_app().await;

    let response = app
        .post("/api/v1/auth/otp", json!({ "phone": "+86 138-0013-8000" }))
        .await;

    assert_eq!(response.status(), 202);
    let body = response.text().await.unwrap();
    let code = app.sms.last_code(PHONE).expect("a code was sent");
    assert_eq!(code.len(), 6);
    assert!(!body.contains(&code), "{body}");
    let sent: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["resend_after_secs"], OTP_RESEND_SECS);
    assert_eq!(sent["expires_in_secs"], OTP_TTL_SECS);
}

#[tokio::test]
async fn a_bad_number_is_invalid_phone() {
    let app = spawn_app().await;

    for phone in ["12345", "12800138000", "电话", ""] {
        let response = app
            .post("/api/v1/auth/otp", json!({ "phone": phone }))
            .await;

        assert_eq!(
            error_code(response).await,
            (422, "invalid_phone".into()),
            "{phone:?}"
        );
    }
    let login = app.submit_code("123", "123456").await;
    assert_eq!(error_code(login).await, (422, "invalid_phone".into()));
}

#[tokio::test]
async fn malformed_json_is_invalid_json_over_the_wire() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(format!("{}/api/v1/auth/otp", app.address))
        .header("Content-Type", "application/json")
        .body("{\"phone\": ")
        .send()
        .await
        .unwrap();

    assert_eq!(error_code(response).await, (400, "invalid_json".into()));
}

#[tokio::test]
async fn one_code_a_minute_per_phone() {
    let app = spawn_app().await;
    app.request_code(PHONE).await;

    let again = app
        .post("/api/v1/auth/otp", json!({ "phone": PHONE }))
        .await;

    assert_eq!(again.status(), 429);
    assert_eq!(again.headers()["retry-after"], "60");
    assert_eq!(error_code(again).await.1, "rate_limited");
    app.clock.advance(45);
    let later = app
        .post("/api/v1/auth/otp", json!({ "phone": PHONE }))
        .await;
    assert_eq!(later.headers()["retry-after"], "15");
    app.clock.advance(15);
    app.request_code(PHONE).await;
    assert_eq!(app.sms.count(PHONE), 2);
}

#[tokio::test]
async fn ten_codes_a_day_per_phone() {
    let app = spawn_app().await;
    for _ in 0..10 {
        app.request_code(PHONE).await;
        app.clock.advance(OTP_RESEND_SECS);
    }

    let eleventh = app
        .post("/api/v1/auth/otp", json!({ "phone": PHONE }))
        .await;

    assert_eq!(eleventh.status(), 429);
    let wait: i64 = eleventh.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(wait, 86_400 - 10 * OTP_RESEND_SECS);
    app.clock.advance(wait);
    app.request_code(PHONE).await;
}

#[tokio::test]
async fn sixty_codes_an_hour_per_client_address() {
    let app = spawn_app().await;
    for n in 0..60 {
        app.request_code(&format!("139{n:08}")).await;
    }

    let more = app
        .post("/api/v1/auth/otp", json!({ "phone": "13700000000" }))
        .await;

    assert_eq!(more.status(), 429);
    assert_eq!(more.headers()["retry-after"], "3600");
    app.clock.advance(3_600);
    app.request_code("13700000000").await;
}

#[tokio::test]
async fn the_right_code_logs_in_once_and_creates_the_user() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;

    let response = app.submit_code(PHONE, &code).await;

    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert!(session["token"].as_str().unwrap().len() >= 40);
    assert_eq!(session["user"]["roles"], json!(["stallholder"]));
    assert_eq!(session["user"]["phone"], "138****8000");
    assert!(session["user"]["id"].as_str().unwrap().starts_with("u_"));
    let reused = app.submit_code(PHONE, &code).await;
    assert_eq!(error_code(reused).await, (401, "bad_code".into()));
}

#[tokio::test]
async fn logging_in_again_finds_the_same_user() {
    let app = spawn_app().await;
    let first = app.log_in(PHONE).await;
    app.clock.advance(OTP_RESEND_SECS);
    let second = app.log_in(PHONE).await;

    let me = |token: String| {
        let request = app.authed(reqwest::Method::GET, "/api/v1/me", &token);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap()["id"].clone() }
    };

    assert_ne!(first, second);
    assert_eq!(me(first).await, me(second).await);
}

#[tokio::test]
async fn a_code_dies_after_five_wrong_tries() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;
    let wrong = a_wrong_code(&code);

    for _ in 0..5 {
        let response = app.submit_code(PHONE, wrong).await;
        assert_eq!(error_code(response).await, (401, "bad_code".into()));
    }
    let right = app.submit_code(PHONE, &code).await;

    assert_eq!(error_code(right).await, (401, "bad_code".into()));
}

#[tokio::test]
async fn four_wrong_tries_still_leave_the_right_code_good() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;
    let wrong = a_wrong_code(&code);
    for _ in 0..4 {
        app.submit_code(PHONE, wrong).await;
    }

    let right = app.submit_code(PHONE, &code).await;

    assert_eq!(right.status(), 200);
}

#[tokio::test]
async fn a_code_expires_after_five_minutes() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;
    app.clock.advance(OTP_TTL_SECS);

    let late = app.submit_code(PHONE, &code).await;

    assert_eq!(error_code(late).await, (401, "bad_code".into()));
}

#[tokio::test]
async fn a_code_just_inside_five_minutes_works() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;
    app.clock.advance(OTP_TTL_SECS - 1);

    let response = app.submit_code(PHONE, &code).await;

    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn only_the_newest_code_works_after_a_resend() {
    let app = spawn_app().await;
    let first = app.request_code(PHONE).await;
    app.clock.advance(OTP_RESEND_SECS);
    let second = app.request_code(PHONE).await;

    let old = app.submit_code(PHONE, &first).await;
    let new = app.submit_code(PHONE, &second).await;

    if first != second {
        assert_eq!(error_code(old).await, (401, "bad_code".into()));
    }
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn a_code_for_one_phone_does_not_open_another() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;

    let other = app.submit_code("13900139000", &code).await;

    assert_eq!(error_code(other).await, (401, "bad_code".into()));
}

#[tokio::test]
async fn a_malformed_code_is_a_bad_code() {
    let app = spawn_app().await;
    app.request_code(PHONE).await;

    let response = app.submit_code(PHONE, "12ab").await;

    assert_eq!(error_code(response).await, (401, "bad_code".into()));
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let app = spawn_app().await;
    let token = app.log_in(PHONE).await;

    let out = app
        .authed(reqwest::Method::DELETE, "/api/v1/auth/session", &token)
        .send()
        .await
        .unwrap();
    let me = app
        .authed(reqwest::Method::GET, "/api/v1/me", &token)
        .send()
        .await
        .unwrap();

    assert_eq!(out.status(), 204);
    assert_eq!(error_code(me).await, (401, "unauthorized".into()));
}

#[tokio::test]
async fn logging_out_without_a_token_is_unauthorized() {
    let app = spawn_app().await;

    let response = app
        .client
        .delete(format!("{}/api/v1/auth/session", app.address))
        .send()
        .await
        .unwrap();

    assert_eq!(error_code(response).await, (401, "unauthorized".into()));
}

#[tokio::test]
async fn a_failed_sms_is_unavailable_not_a_silent_success() {
    let app =
        crate::helpers::spawn_app_with_sms(std::sync::Arc::new(crate::helpers::FailingSender))
            .await;

    let response = app
        .post("/api/v1/auth/otp", json!({ "phone": PHONE }))
        .await;

    assert_eq!(error_code(response).await, (503, "unavailable".into()));
}

/// A six-digit code that is not `code`.
fn a_wrong_code(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}
