//! Login by one-time code: every status of /auth/otp and /auth/session, the limits, and expiry.

use jishi_core::auth::{OTP_RESEND_SECS, OTP_TTL_SECS};
use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app, TestApp};

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

    let mut answers = Vec::new();
    for _ in 0..5 {
        let response = app.submit_code(PHONE, wrong).await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        answers.push((
            status,
            body["error"]["code"].as_str().unwrap().to_owned(),
            body["error"]["tries_left"].as_u64(),
        ));
    }
    let right = app.submit_code(PHONE, &code).await;

    let wrong = |left| (401, "wrong_code".to_owned(), Some(left));
    assert_eq!(
        answers,
        [
            wrong(4),
            wrong(3),
            wrong(2),
            wrong(1),
            (429, "rate_limited".to_owned(), None)
        ],
        "each wrong try says how many are left; the last says wait"
    );
    assert_eq!(error_code(right).await, (429, "rate_limited".into()));
}

#[tokio::test]
async fn after_the_last_wrong_try_a_new_code_does_not_give_the_tries_back_but_time_does() {
    let app = spawn_app().await;
    let first = app.request_code(PHONE).await;
    for _ in 0..5 {
        app.submit_code(PHONE, a_wrong_code(&first)).await;
    }
    app.clock.advance(OTP_RESEND_SECS);
    let second = app.request_code(PHONE).await;

    let too_soon = app.submit_code(PHONE, &second).await;
    let waited = too_soon
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap();
    assert_eq!(error_code(too_soon).await, (429, "rate_limited".into()));
    app.clock.advance(waited);
    let third = app.request_code(PHONE).await;

    assert_eq!(app.submit_code(PHONE, &third).await.status(), 200);
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
async fn a_code_for_one_phone_does_not_open_another() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;

    let other = app.submit_code("13900139000", &code).await;

    assert_eq!(error_code(other).await, (401, "bad_code".into()));
}

#[tokio::test]
async fn a_malformed_code_is_invalid_input_and_costs_no_try() {
    let app = spawn_app().await;
    let code = app.request_code(PHONE).await;

    let response = app.submit_code(PHONE, "12ab").await;
    let body: Value = response.json().await.unwrap();
    let wrong: Value = app
        .submit_code(PHONE, a_wrong_code(&code))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(body["error"]["code"], "invalid_input");
    assert_eq!(body["error"]["field"], "code");
    assert_eq!(
        wrong["error"]["tries_left"], 4,
        "the malformed one did not count"
    );
}

#[tokio::test]
async fn a_code_for_no_sent_code_says_get_one() {
    let app = spawn_app().await;

    let response = app.submit_code(PHONE, "123456").await;

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

/// A client whose connections come from another loopback address (another requester).
fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, n]))
        .build()
        .unwrap()
}

async fn ask(app: &TestApp, client: &reqwest::Client, body: Value) -> reqwest::Response {
    client
        .post(format!("{}/api/v1/auth/otp", app.address))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// A challenge and its answer, read as a person would read the picture: here by trying every
/// answer against the signature, with the secret from the server's database.
async fn solved_challenge(app: &TestApp) -> Value {
    use hmac::{Hmac, Mac};
    let challenge: Value = app
        .post("/api/v1/auth/challenge", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let token = challenge["token"].as_str().unwrap().to_owned();
    assert!(challenge["image"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let mut db = crate::helpers::connect_db(&app.db_url).await;
    let secret: Vec<u8> =
        sqlx::query_scalar("SELECT secret FROM server_secrets WHERE name = 'challenge'")
            .fetch_one(&mut db)
            .await
            .unwrap();
    let (signed, mac) = token.rsplit_once('.').unwrap();
    let answer = (0..10_000)
        .map(|n| format!("{n:04}"))
        .find(|answer| {
            let mut check = Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
            check.update(format!("{signed}.{answer}").as_bytes());
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                check.finalize().into_bytes(),
            ) == mac
        })
        .expect("one answer fits");
    json!({"token": token, "answer": answer})
}

#[tokio::test]
async fn a_stranger_asking_for_someone_elses_number_cannot_lock_them_out() {
    let app = spawn_app().await;
    let (stranger, owner) = (client_from(1), client_from(2));
    for _ in 0..3 {
        assert_eq!(
            ask(&app, &stranger, json!({"phone": PHONE})).await.status(),
            202
        );
        app.clock.advance(OTP_RESEND_SECS);
    }

    let fourth = ask(&app, &stranger, json!({"phone": PHONE})).await;
    assert_eq!(error_code(fourth).await, (429, "challenge_required".into()));

    // The owner, elsewhere, still gets a code without any picture, and it works even after the
    // stranger (now proving to be a person) has had another one sent.
    assert_eq!(
        ask(&app, &owner, json!({"phone": PHONE})).await.status(),
        202
    );
    let owners_code = app.sms.last_code(PHONE).unwrap();
    app.clock.advance(OTP_RESEND_SECS);
    let proven = ask(
        &app,
        &stranger,
        json!({"phone": PHONE, "challenge": solved_challenge(&app).await}),
    )
    .await;
    assert_eq!(proven.status(), 202);
    assert_eq!(app.submit_code(PHONE, &owners_code).await.status(), 200);
}

#[tokio::test]
async fn past_five_codes_a_day_a_person_still_gets_one_and_thirty_is_the_most() {
    let app = spawn_app().await;
    for n in 0..5 {
        let client = client_from(10 + n);
        assert_eq!(
            ask(&app, &client, json!({"phone": PHONE})).await.status(),
            202
        );
        app.clock.advance(OTP_RESEND_SECS);
    }
    let client = client_from(20);

    let sixth = ask(&app, &client, json!({"phone": PHONE})).await;
    assert_eq!(error_code(sixth).await, (429, "challenge_required".into()));
    let mut wrong = solved_challenge(&app).await;
    let right = wrong["answer"].as_str().unwrap().to_owned();
    wrong["answer"] = json!(if right == "0000" { "1111" } else { "0000" });
    let refused = ask(&app, &client, json!({"phone": PHONE, "challenge": wrong})).await;
    assert_eq!(error_code(refused).await, (422, "bad_challenge".into()));
    wrong["answer"] = json!(right);
    let used_up = ask(&app, &client, json!({"phone": PHONE, "challenge": wrong})).await;
    assert_eq!(
        error_code(used_up).await,
        (422, "bad_challenge".into()),
        "a challenge is answered once"
    );
    for _ in 5..30 {
        let body = json!({"phone": PHONE, "challenge": solved_challenge(&app).await});
        assert_eq!(ask(&app, &client, body).await.status(), 202);
        app.clock.advance(OTP_RESEND_SECS);
    }

    let body = json!({"phone": PHONE, "challenge": solved_challenge(&app).await});
    let thirty_first = ask(&app, &client, body).await;
    assert_eq!(thirty_first.status(), 429);
    assert_eq!(
        thirty_first.headers()["retry-after"],
        (86_400 - 30 * OTP_RESEND_SECS).to_string().as_str()
    );
    assert_eq!(error_code(thirty_first).await.1, "rate_limited");
}

#[tokio::test]
async fn a_busy_address_asks_for_proof_instead_of_locking_everyone_behind_it_out() {
    let app = spawn_app().await;
    for n in 0..30 {
        app.request_code(&format!("139{n:08}")).await;
    }

    let more = app
        .post("/api/v1/auth/otp", json!({ "phone": "13700000000" }))
        .await;
    assert_eq!(error_code(more).await, (429, "challenge_required".into()));
    let proven = app
        .post(
            "/api/v1/auth/otp",
            json!({ "phone": "13700000000", "challenge": solved_challenge(&app).await }),
        )
        .await;
    assert_eq!(proven.status(), 202);
}

#[tokio::test]
async fn a_code_sent_earlier_still_works_after_another_is_sent() {
    let app = spawn_app().await;
    let first = app.request_code(PHONE).await;
    app.clock.advance(OTP_RESEND_SECS);
    let _second = app.request_code(PHONE).await;

    assert_eq!(app.submit_code(PHONE, &first).await.status(), 200);
    let again = app.submit_code(PHONE, &first).await;
    assert_eq!(
        error_code(again).await,
        (401, "bad_code".into()),
        "all used up"
    );
}

#[tokio::test]
async fn a_strangers_wrong_guesses_do_not_spoil_the_owners_code() {
    let app = spawn_app().await;
    let (stranger, owner) = (client_from(3), client_from(4));
    let code = app.request_code(PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let guess = |client: &reqwest::Client, code: &str| {
        client
            .post(format!("{}/api/v1/auth/session", app.address))
            .json(&json!({"phone": PHONE, "code": code}))
            .send()
    };
    for _ in 0..5 {
        let refused = guess(&stranger, wrong).await.unwrap();
        assert_ne!(refused.status(), 200);
    }

    let strangers_right_guess = guess(&stranger, &code).await.unwrap();
    assert_eq!(
        error_code(strangers_right_guess).await,
        (429, "rate_limited".into()),
        "after five wrong tries the stranger's address gets nowhere"
    );
    assert_eq!(guess(&owner, &code).await.unwrap().status(), 200);
}
