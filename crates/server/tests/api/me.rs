//! The caller's profile, sessions that slide, tokens that never reach another user, and the CLI's
//! `user add` and `token` working on a running server's database.

use std::process::Command;

use jishi_core::auth::SESSION_TTL_SECS;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

const DAY: i64 = 86_400;

async fn me(app: &crate::helpers::TestApp, token: &str) -> (u16, Value) {
    let response = app
        .authed(Method::GET, "/api/v1/me", token)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn without_a_valid_token_me_is_unauthorized() {
    let app = spawn_app().await;

    let none = app.get("/api/v1/me").await;
    assert_eq!(none.status(), 401);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let (status, body) = me(&app, "not-a-token").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn the_profile_can_be_named_and_placed() {
    let app = spawn_app().await;
    let token = app.log_in("13800138000").await;

    let response = app
        .authed(Method::PATCH, "/api/v1/me", &token)
        .json(&json!({ "name": " 王阿姨 ", "village": "蒋僧桥村" }))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let (_, body) = me(&app, &token).await;
    assert_eq!(body["name"], "王阿姨");
    assert_eq!(body["village"], "蒋僧桥村");
    let only_name = app
        .authed(Method::PATCH, "/api/v1/me", &token)
        .json(&json!({ "name": "王秀英" }))
        .send()
        .await
        .unwrap();
    let body: Value = only_name.json().await.unwrap();
    assert_eq!(body["village"], "蒋僧桥村", "a field left out stays");
}

#[tokio::test]
async fn a_blank_or_overlong_name_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let token = app.log_in("13800138000").await;

    for body in [
        json!({ "name": "   " }),
        json!({ "name": "名".repeat(21) }),
        json!({ "village": "a\nb" }),
    ] {
        let response = app
            .authed(Method::PATCH, "/api/v1/me", &token)
            .json(&body)
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "invalid_input");
    }
    let (_, body) = me(&app, &token).await;
    assert_eq!(body["name"], "");
}

#[tokio::test]
async fn each_token_reaches_only_its_own_user() {
    let app = spawn_app().await;
    let alice = app.log_in("13800138000").await;
    let bob = app.log_in("13900139000").await;

    app.authed(Method::PATCH, "/api/v1/me", &alice)
        .json(&json!({ "name": "阿丽" }))
        .send()
        .await
        .unwrap();

    let (_, alice_me) = me(&app, &alice).await;
    let (_, bob_me) = me(&app, &bob).await;
    assert_eq!(alice_me["phone"], "138****8000");
    assert_eq!(bob_me["phone"], "139****9000");
    assert_ne!(alice_me["id"], bob_me["id"]);
    assert_eq!(bob_me["name"], "", "alice's change did not reach bob");
}

#[tokio::test]
async fn a_session_slides_while_used_and_ends_thirty_days_after_last_use() {
    let app = spawn_app().await;
    let token = app.log_in("13800138000").await;

    app.clock.advance(29 * DAY);
    assert_eq!(me(&app, &token).await.0, 200);
    app.clock.advance(29 * DAY);
    assert_eq!(
        me(&app, &token).await.0,
        200,
        "each use extends the session"
    );
    app.clock.advance(SESSION_TTL_SECS);

    assert_eq!(me(&app, &token).await.0, 401);
}

fn cli(app: &crate::helpers::TestApp, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jishi-server"))
        .args(args)
        .args(["--db", &app.db_url])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_cli_grants_roles_and_issues_tokens_while_the_server_runs() {
    let app = spawn_app().await;

    let (added, user_id, log) = cli(
        &app,
        &[
            "user",
            "add",
            "--phone",
            "13600136000",
            "--role",
            "organiser",
            "--unit",
            "hu-xiaotong",
        ],
    );
    assert!(added, "{log}");
    let (issued, token, log) = cli(&app, &["token", "--phone", "136 0013 6000"]);
    assert!(issued, "{log}");

    let (status, body) = me(&app, &token).await;
    assert_eq!(status, 200);
    assert_eq!(body["id"], user_id.as_str());
    assert_eq!(body["roles"], json!(["stallholder", "organiser"]));
    assert_eq!(body["host_units"][0]["name"], "小桐村");
    let (_, _, _) = cli(
        &app,
        &["user", "add", "--phone", "13600136000", "--role", "admin"],
    );
    assert_eq!(
        me(&app, &token).await.1["roles"],
        json!(["stallholder", "organiser", "admin"])
    );
}

#[tokio::test]
async fn the_cli_refuses_what_makes_no_sense() {
    let app = spawn_app().await;

    let no_unit = cli(
        &app,
        &[
            "user",
            "add",
            "--phone",
            "13600136000",
            "--role",
            "organiser",
        ],
    );
    let bad_unit = cli(
        &app,
        &[
            "user",
            "add",
            "--phone",
            "13600136000",
            "--role",
            "organiser",
            "--unit",
            "hu-nowhere",
        ],
    );
    let bad_role = cli(
        &app,
        &["user", "add", "--phone", "13600136000", "--role", "boss"],
    );
    let unknown_user = cli(&app, &["token", "--phone", "13500135000"]);

    assert!(
        !no_unit.0 && no_unit.2.contains("needs --unit"),
        "{}",
        no_unit.2
    );
    assert!(
        !bad_unit.0 && bad_unit.2.contains("no host unit"),
        "{}",
        bad_unit.2
    );
    assert!(
        !bad_role.0 && bad_role.2.contains("--role"),
        "{}",
        bad_role.2
    );
    assert!(
        !unknown_user.0 && unknown_user.2.contains("no user"),
        "{}",
        unknown_user.2
    );
}
