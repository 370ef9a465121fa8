//! Two servers on one database behave as one: whatever one of them answered, the other knows. On
//! PostgreSQL (`cargo xtask test`'s second run of this suite) these are the instances behind a load
//! balancer; on SQLite, two processes on one file.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{error_code, get_as, post_as, small_market, spawn_app, spawn_beside, TestApp};

/// The demo's Luqiao market (2026-12-05, hosted by 小桐村), booking open at the test clock.
const MARKET: &str = "m-luqiao-202612";

async fn book(app: &TestApp, token: &str, stall: &str, key: &str) -> reqwest::Response {
    app.authed(
        Method::POST,
        &format!("/api/v1/markets/{MARKET}/bookings"),
        token,
    )
    .header("Idempotency-Key", key)
    .json(&json!({"stall_id": format!("{MARKET}-{stall}"), "goods": "橘子"}))
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn a_login_begun_on_one_server_is_limited_finished_and_ended_on_the_other() {
    let a = spawn_app().await;
    let b = spawn_beside(&a).await;
    let phone = "13700137901";
    let code = a.request_code(phone).await;
    let again = b.post("/api/v1/auth/otp", json!({ "phone": phone })).await;
    assert_eq!(
        error_code(again).await,
        (429, "rate_limited".into()),
        "one code a minute, whichever server is asked"
    );
    let wrong = b.submit_code(phone, "000000").await;
    assert_eq!(error_code(wrong).await.1, "wrong_code");
    let session: Value = b.submit_code(phone, &code).await.json().await.unwrap();
    let token = session["token"].as_str().unwrap();
    assert_eq!(get_as(&a, token, "/api/v1/me").await.status(), 200);
    let logged_out = b
        .authed(Method::DELETE, "/api/v1/auth/session", token)
        .send()
        .await
        .unwrap();
    assert_eq!(logged_out.status(), 204);
    assert_eq!(
        get_as(&a, token, "/api/v1/me").await.status(),
        401,
        "a session ended on one server is over on both"
    );
}

#[tokio::test]
async fn a_retried_booking_gets_its_first_answer_from_the_other_server_and_its_ticket_scans_there()
{
    let a = spawn_app().await;
    let b = spawn_beside(&a).await;
    let stallholder = a.log_in("13700137902").await;
    let first = book(&a, &stallholder, "A01", "retry-0001").await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let retried = book(&b, &stallholder, "A01", "retry-0001").await;
    assert_eq!(retried.status(), 201, "the same request: the first answer");
    let retried: Value = retried.json().await.unwrap();
    assert_eq!(retried["id"], first["id"]);
    let reused = book(&b, &stallholder, "A02", "retry-0001").await;
    assert_eq!(error_code(reused).await, (422, "key_reused".into()));

    // Tickets signed by one server verify on the other: the signing key is the database's.
    let keys_a: Value = a.get("/api/v1/checkin/keys").await.json().await.unwrap();
    let keys_b: Value = b.get("/api/v1/checkin/keys").await.json().await.unwrap();
    assert_eq!(keys_a, keys_b);
    let organiser = b.log_in_organiser("13900139902", &["hu-xiaotong"]).await;
    b.clock.advance(6 * 86_400);
    let scanned = post_as(
        &b,
        &organiser,
        "/api/v1/checkins/stall",
        json!({"market_id": MARKET, "token": first["ticket"], "nonce": "instances-nonce-0001"}),
    )
    .await;
    assert_eq!(scanned.status(), 201, "{}", scanned.text().await.unwrap());
}

#[tokio::test]
async fn a_stall_freed_on_one_server_goes_to_whoever_waited_on_the_other() {
    let a = spawn_app().await;
    let b = spawn_beside(&a).await;
    let organiser = a.log_in_organiser("13900139903", &["hu-jinliang"]).await;
    let market = small_market(
        &a,
        &organiser,
        "auto",
        json!([{"code": "A01", "zone": "A区", "kind": "booth", "fee_fen": 0}]),
    )
    .await;
    let id = market.as_str();
    let (holder, waiter) = (a.log_in("13700137903").await, b.log_in("13700137904").await);
    let held: Value = post_as(
        &a,
        &holder,
        &format!("/api/v1/markets/{id}/bookings"),
        json!({"stall_id": format!("{id}-A01"), "goods": "青菜"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let taken = post_as(
        &b,
        &waiter,
        &format!("/api/v1/markets/{id}/bookings"),
        json!({"stall_id": format!("{id}-A01"), "goods": "萝卜"}),
    )
    .await;
    assert_eq!(error_code(taken).await, (409, "stall_taken".into()));
    let waiting = post_as(
        &b,
        &waiter,
        &format!("/api/v1/markets/{id}/waitlist"),
        json!({"goods": "萝卜"}),
    )
    .await;
    assert_eq!(waiting.status(), 201);
    let cancelled = post_as(
        &a,
        &holder,
        &format!("/api/v1/bookings/{}/cancel", held["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);
    let mine: Value = get_as(&b, &waiter, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["stall_code"], "A01");
    assert_eq!(mine["items"][0]["status"], "confirmed");
}

#[tokio::test]
async fn a_visitor_checking_in_on_both_servers_is_counted_once() {
    let a = spawn_app().await;
    let b = spawn_beside(&a).await;
    let organiser = a.log_in_organiser("13900139905", &["hu-xiaotong"]).await;
    let poster: Value = get_as(&a, &organiser, &format!("/api/v1/markets/{MARKET}/poster"))
        .await
        .json()
        .await
        .unwrap();
    a.clock.advance(6 * 86_400);
    b.clock.advance(6 * 86_400);
    let visit = |nonce: &str| json!({"token": poster["token"], "device_id": "device-000000009001", "nonce": nonce});
    let first: Value = a
        .post("/api/v1/checkins", visit("nonce-000000009001"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["first"], true, "{first}");
    let second: Value = b
        .post("/api/v1/checkins", visit("nonce-000000009002"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["first"], false);
    assert_eq!(second["visitors"], 1);
}
