//! Check-ins at the fair, on the demo Luqiao market of Saturday 2026-12-05, 8:00–12:00, hosted by
//! 小桐村 (test clock: Sunday 2026-11-29 09:00 in China). Stalls are booked first, then the clock
//! moves to the market's morning.

use jishi_core::token::{self, Admits};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{error_code, get_as, join_statuses, post_as, spawn_app, TestApp};

const MARKET: &str = "m-luqiao-202612";
/// From the test clock's 11-29 09:00 to 12-05 09:00, an hour into the market.
const TO_MARKET_MORNING: i64 = 6 * 86_400;

fn nonce(n: usize) -> String {
    format!("nonce-{n:012}")
}

fn device(n: usize) -> String {
    format!("device-{n:012}")
}

async fn organiser(app: &TestApp) -> String {
    app.log_in_organiser("13900139071", &["hu-xiaotong"]).await
}

async fn poster(app: &TestApp, organiser: &str) -> Value {
    let response = get_as(app, organiser, &format!("/api/v1/markets/{MARKET}/poster")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A confirmed booking of a stall, and its holder's session.
struct Booked {
    id: String,
    ticket: String,
    code: String,
    session: String,
}

/// A confirmed booking of `stall` for a new stallholder.
async fn booked(app: &TestApp, phone: &str, stall: &str) -> Booked {
    let token = app.log_in(phone).await;
    let booking: Value = post_as(
        app,
        &token,
        &format!("/api/v1/markets/{MARKET}/bookings"),
        json!({"stall_id": format!("{MARKET}-{stall}"), "goods": "橘子"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let text = |field: &str| booking[field].as_str().unwrap().to_owned();
    Booked {
        id: text("id"),
        ticket: text("ticket"),
        code: text("code"),
        session: token,
    }
}

async fn visitor_checkin(app: &TestApp, body: Value) -> reqwest::Response {
    app.post("/api/v1/checkins", body).await
}

#[tokio::test]
async fn an_organiser_prints_a_poster_whose_token_admits_visitors_on_the_market_day() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let printed = poster(&app, &organiser).await;
    let url = printed["url"].as_str().unwrap();
    let token_text = printed["token"].as_str().unwrap();
    assert_eq!(url, format!("{}/checkin?t={token_text}", app.address));
    assert_eq!(printed["code"].as_str().unwrap().len(), 6);
    assert!(printed["qr_svg"].as_str().unwrap().contains("<svg"));

    let keys: Value = app.get("/api/v1/checkin/keys").await.json().await.unwrap();
    let key = &keys["keys"][0];
    let public = token::parse_public_key(key["public_key"].as_str().unwrap()).unwrap();
    let on_the_day = 1_796_432_400; // 2026-12-05 09:00 +08:00
    let claims = token::verify(
        token_text,
        &[(key["kid"].as_str().unwrap().to_owned(), public)],
        on_the_day,
    )
    .unwrap();
    assert_eq!(claims.admits, Admits::Poster);
    assert_eq!(claims.market, MARKET);
    assert_eq!(
        poster(&app, &organiser).await["code"],
        printed["code"],
        "one code per market"
    );

    let stallholder = app.log_in("13700137701").await;
    let path = format!("/api/v1/markets/{MARKET}/poster");
    assert_eq!(
        error_code(get_as(&app, &stallholder, &path).await).await,
        (403, "forbidden".into())
    );
    assert_eq!(
        error_code(app.get(&path).await).await,
        (401, "unauthorized".into())
    );
    let unknown = get_as(&app, &organiser, "/api/v1/markets/m-nowhere/poster").await;
    assert_eq!(error_code(unknown).await, (404, "not_found".into()));
}

#[tokio::test]
async fn a_posters_url_ignores_the_host_the_request_names() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let path = format!("/api/v1/markets/{MARKET}/poster");

    for (name, value) in [
        ("host", "evil.example"),
        ("x-forwarded-host", "evil.example"),
    ] {
        let response = app
            .authed(Method::GET, &path, &organiser)
            .header(name, value)
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .unwrap();
        let printed: Value = response.json().await.unwrap();

        let url = printed["url"].as_str().unwrap();
        assert!(
            url.starts_with(&format!("{}/checkin?t=", app.address)),
            "{name}: {url}"
        );
    }
}

#[tokio::test]
async fn a_visitor_is_counted_once_per_phone_and_a_bad_or_untimely_poster_is_refused() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let poster = poster(&app, &organiser).await;
    let token = poster["token"].as_str().unwrap();
    let code = poster["code"].as_str().unwrap();
    let ticket = booked(&app, "13700137702", "A05").await.ticket;

    let early = visitor_checkin(
        &app,
        json!({"token": token, "device_id": device(1), "nonce": nonce(1)}),
    )
    .await;
    assert_eq!(error_code(early).await, (409, "not_open".into()));

    app.clock.advance(TO_MARKET_MORNING);
    let first = visitor_checkin(
        &app,
        json!({"token": token, "device_id": device(1), "nonce": nonce(2)}),
    )
    .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["first"], true);
    assert_eq!(first["market_id"], MARKET);
    assert_eq!(first["visitors"], 1);

    let retried = visitor_checkin(
        &app,
        json!({"token": token, "device_id": device(1), "nonce": nonce(2)}),
    )
    .await;
    assert_eq!(
        retried.status(),
        201,
        "a lost answer's retry is the same visit"
    );
    app.clock.advance(600);
    let again = visitor_checkin(
        &app,
        json!({"token": token, "device_id": device(1), "nonce": nonce(3)}),
    )
    .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["first"], false);
    assert_eq!(again["first_at"], first["first_at"]);
    assert_eq!(again["visitors"], 1);

    let typed = visitor_checkin(
        &app,
        json!({"code": format!(" {} ", code.to_lowercase()), "device_id": device(2), "nonce": nonce(4)}),
    )
    .await;
    assert_eq!(typed.status(), 201);
    assert_eq!(typed.json::<Value>().await.unwrap()["visitors"], 2);

    // Altered: another market's name under this signature.
    let (head, signature) = token.rsplit_once('.').unwrap();
    let (_, payload) = head.split_once('.').unwrap();
    let altered = format!("v1.{}x.{signature}", &payload[..payload.len() - 1]);
    for bad in [
        json!({"token": altered, "device_id": device(3), "nonce": nonce(5)}),
        json!({"token": "v1.e30.AA", "device_id": device(3), "nonce": nonce(6)}),
        json!({"token": ticket, "device_id": device(3), "nonce": nonce(7)}),
        json!({"code": "ZZZZZZ", "device_id": device(3), "nonce": nonce(8)}),
    ] {
        let refused = visitor_checkin(&app, bad.clone()).await;
        assert_eq!(
            error_code(refused).await,
            (400, "bad_token".into()),
            "{bad}"
        );
    }
    for bad in [
        json!({"token": token, "device_id": "short", "nonce": nonce(9)}),
        json!({"token": token, "device_id": device(3), "nonce": "has spaces in it!"}),
        json!({"device_id": device(3), "nonce": nonce(10)}),
    ] {
        let refused = visitor_checkin(&app, bad.clone()).await;
        assert_eq!(
            error_code(refused).await,
            (422, "invalid_input".into()),
            "{bad}"
        );
    }

    app.clock.advance(86_400);
    let next_day = visitor_checkin(
        &app,
        json!({"token": token, "device_id": device(4), "nonce": nonce(11)}),
    )
    .await;
    assert_eq!(error_code(next_day).await, (409, "not_open".into()));
    let stats: Value = get_as(&app, &organiser, &format!("/api/v1/markets/{MARKET}/stats"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["visitors"], 2, "refusals counted no one");
}

async fn scan(app: &TestApp, organiser: &str, body: Value) -> reqwest::Response {
    post_as(app, organiser, "/api/v1/checkins/stall", body).await
}

#[tokio::test]
async fn a_used_nonce_with_another_ticket_is_refused_and_the_ticket_not_taken_for_arrived() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let first_holder = booked(&app, "13700137721", "A01").await;
    let second_holder = booked(&app, "13700137722", "A02").await;
    app.clock.advance(TO_MARKET_MORNING);
    let first = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": first_holder.ticket, "nonce": nonce(40)}),
    )
    .await;
    assert_eq!(first.status(), 201);

    let reused = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": second_holder.ticket, "nonce": nonce(40)}),
    )
    .await;
    assert_eq!(error_code(reused).await, (422, "key_reused".into()));

    let fresh = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": second_holder.ticket, "nonce": nonce(41)}),
    )
    .await;
    assert_eq!(fresh.status(), 201, "the second ticket was never recorded");
    let fresh: Value = fresh.json().await.unwrap();
    assert_eq!(fresh["booking_id"], second_holder.id.as_str());
}

#[tokio::test]
async fn a_ticket_is_scanned_in_once_and_every_refusal_says_why() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let Booked {
        id, ticket, code, ..
    } = booked(&app, "13700137711", "A01").await;
    let to_cancel = booked(&app, "13700137712", "A02").await;
    let cancelled_ticket = to_cancel.ticket.clone();
    let cancelled = post_as(
        &app,
        &to_cancel.session,
        &format!("/api/v1/bookings/{}/cancel", to_cancel.id),
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);
    let other_market = other_market_booking(&app, "hu-xiaotong").await.ticket;

    let early = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": ticket, "nonce": nonce(1)}),
    )
    .await;
    assert_eq!(error_code(early).await, (409, "not_open".into()));

    app.clock.advance(TO_MARKET_MORNING);
    let first = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": ticket, "nonce": nonce(2)}),
    )
    .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["first"], true);
    assert_eq!(first["booking_id"], id.as_str());
    assert_eq!(first["stall_code"], "A01");
    assert_eq!(first["first_at"], "2026-12-05T09:00:00+08:00");

    let resent = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": ticket, "nonce": nonce(2)}),
    )
    .await;
    assert_eq!(
        resent.status(),
        201,
        "the same scan sent again gets the same answer"
    );
    app.clock.advance(300);
    let again = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "code": code.to_lowercase(), "nonce": nonce(3)}),
    )
    .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["first"], false);
    assert_eq!(again["first_at"], first["first_at"]);
    let listed: Value = get_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{MARKET}/bookings"),
    )
    .await
    .json()
    .await
    .unwrap();
    let a01 = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        a01["arrived_at"], first["first_at"],
        "the organisers' list shows who is in"
    );

    let (head, signature) = ticket.rsplit_once('.').unwrap();
    let forged = format!("{head}.{}", signature.chars().rev().collect::<String>());
    for (body, expected) in [
        (
            json!({"market_id": MARKET, "token": forged, "nonce": nonce(4)}),
            (400, "bad_token"),
        ),
        (
            json!({"market_id": MARKET, "code": "NOPE22", "nonce": nonce(5)}),
            (400, "bad_token"),
        ),
        (
            json!({"market_id": MARKET, "token": cancelled_ticket, "nonce": nonce(6)}),
            (409, "not_confirmed"),
        ),
        (
            json!({"market_id": MARKET, "token": other_market, "nonce": nonce(7)}),
            (409, "wrong_market"),
        ),
        (
            json!({"market_id": MARKET, "token": ticket, "nonce": "x"}),
            (422, "invalid_input"),
        ),
        (
            json!({"market_id": "m-nowhere", "token": ticket, "nonce": nonce(8)}),
            (404, "not_found"),
        ),
    ] {
        let refused = scan(&app, &organiser, body.clone()).await;
        assert_eq!(
            error_code(refused).await,
            (expected.0, expected.1.into()),
            "{body}"
        );
    }
    let stallholder = app.log_in("13700137713").await;
    let not_theirs = scan(
        &app,
        &stallholder,
        json!({"market_id": MARKET, "token": ticket, "nonce": nonce(9)}),
    )
    .await;
    assert_eq!(error_code(not_theirs).await, (403, "forbidden".into()));
    let anonymous = app
        .post(
            "/api/v1/checkins/stall",
            json!({"market_id": MARKET, "token": ticket, "nonce": nonce(10)}),
        )
        .await;
    assert_eq!(error_code(anonymous).await, (401, "unauthorized".into()));
}

/// A ticket for another market of the same organisers, on the same day.
/// A confirmed booking at an evening market of `unit` on the same day.
async fn other_market_booking(app: &TestApp, unit: &str) -> Booked {
    let admin = app.log_in_admin("13600136071").await;
    let market: Value = post_as(
        app,
        &admin,
        "/api/v1/markets",
        json!({
            "title": "小桐村傍晚集",
            "kind": "night_market",
            "starts_at": "2026-12-05T17:00:00+08:00",
            "ends_at": "2026-12-05T20:00:00+08:00",
            "host_unit": {"id": unit},
            "venue": {"name": "小桐村文化礼堂", "town": "桐屿街道", "village": "小桐村", "address": "台州市路桥区桐屿街道小桐村"},
            "booking": {"opens_at": "2026-11-28T09:00:00+08:00", "closes_at": "2026-12-05T12:00:00+08:00", "approval": "auto"},
            "contact": {"name": "李主任", "phone": "0576-8238 0000"}
        }),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = market["id"].as_str().unwrap();
    let laid = app
        .authed(Method::PUT, &format!("/api/v1/markets/{id}/stalls"), &admin)
        .json(&json!({"items": [{"code": "N01", "zone": "N区", "kind": "booth", "fee_fen": 0}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(laid.status(), 200);
    let stalls: Value = app
        .get(&format!("/api/v1/markets/{id}/stalls"))
        .await
        .json()
        .await
        .unwrap();
    let session = app.log_in("13700137714").await;
    let booking: Value = post_as(
        app,
        &session,
        &format!("/api/v1/markets/{id}/bookings"),
        json!({"stall_id": stalls["items"][0]["id"], "goods": "烤番薯"}),
    )
    .await
    .json()
    .await
    .unwrap();
    Booked {
        id: booking["id"].as_str().unwrap().to_owned(),
        ticket: booking["ticket"].as_str().unwrap().to_owned(),
        code: booking["code"].as_str().unwrap().to_owned(),
        session,
    }
}

#[tokio::test]
async fn a_typed_code_of_a_market_the_scanner_does_not_organise_reads_as_unknown() {
    let app = spawn_app().await;
    let host = organiser(&app).await;
    let ours = other_market_booking(&app, "hu-xiaotong").await;
    app.clock.advance(TO_MARKET_MORNING);
    let typed = |code: &str, n| json!({"market_id": MARKET, "code": code, "nonce": nonce(n)});

    let same_unit = scan(&app, &host, typed(&ours.code, 50)).await;
    assert_eq!(error_code(same_unit).await, (409, "wrong_market".into()));

    let app = spawn_app().await;
    let scanner = organiser(&app).await;
    let theirs = other_market_booking(&app, "hu-songshi").await;
    app.clock.advance(TO_MARKET_MORNING);
    let elsewhere = scan(&app, &scanner, typed(&theirs.code, 51)).await;
    let unknown = scan(&app, &scanner, typed("NOPE22", 52)).await;
    assert_eq!(error_code(elsewhere).await, (400, "bad_token".into()));
    assert_eq!(error_code(unknown).await, (400, "bad_token".into()));
}

#[tokio::test]
async fn an_offline_scanners_queue_is_answered_in_order_and_sending_it_twice_counts_once() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let a01 = booked(&app, "13700137721", "A01").await.ticket;
    let Booked {
        ticket: a02,
        code: code_a02,
        ..
    } = booked(&app, "13700137722", "A02").await;
    let late = booked(&app, "13700137723", "A03").await.ticket;
    app.clock.advance(TO_MARKET_MORNING + 3600); // 10:00; the scans happened offline from 9:05
    let queue = json!({"items": [
        {"market_id": MARKET, "token": a01, "nonce": nonce(1), "scanned_at": "2026-12-05T09:05:00+08:00"},
        {"market_id": MARKET, "token": "v1.bad.token", "nonce": nonce(2), "scanned_at": "2026-12-05T09:06:00+08:00"},
        {"market_id": MARKET, "token": a01, "nonce": nonce(3), "scanned_at": "2026-12-05T09:07:00+08:00"},
        {"market_id": MARKET, "code": code_a02, "nonce": nonce(4), "scanned_at": "2026-12-05T09:08:00+08:00"},
        {"market_id": MARKET, "token": a02, "nonce": nonce(5), "scanned_at": "2027-01-01T00:00:00+08:00"}
    ]});
    let sent = post_as(&app, &organiser, "/api/v1/checkins/batch", queue.clone()).await;
    assert_eq!(sent.status(), 200);
    let answers: Value = sent.json().await.unwrap();
    let statuses: Vec<u64> = answers["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [201, 400, 200, 201, 200]);
    assert_eq!(answers["items"][1]["error"]["code"], "bad_token");
    assert_eq!(answers["items"][1]["nonce"], nonce(2));
    assert_eq!(
        answers["items"][0]["arrival"]["first_at"], "2026-12-05T09:05:00+08:00",
        "an offline scan counts from when it happened"
    );

    let resent: Value = post_as(&app, &organiser, "/api/v1/checkins/batch", queue)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resent, answers, "a retried queue gets the first answers");
    let stats: Value = get_as(&app, &organiser, &format!("/api/v1/markets/{MARKET}/stats"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["arrived"], 2);

    // The gate was offline until after the close: its 11:30 scan still counts, as of 11:30.
    app.clock.advance(4 * 3600); // 14:00
    let after_close: Value = post_as(
        &app,
        &organiser,
        "/api/v1/checkins/batch",
        json!({"items": [
            {"market_id": MARKET, "token": late, "nonce": nonce(6), "scanned_at": "2026-12-05T11:30:00+08:00"},
            {"market_id": MARKET, "token": late, "nonce": nonce(7), "scanned_at": "2026-12-04T11:30:00+08:00"}
        ]}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(after_close["items"][0]["status"], 201);
    assert_eq!(
        after_close["items"][0]["arrival"]["first_at"],
        "2026-12-05T11:30:00+08:00"
    );
    assert_eq!(
        after_close["items"][1]["error"]["code"], "not_open",
        "a scan the day before"
    );

    let too_many: Vec<Value> = (0..501)
        .map(|n| json!({"market_id": MARKET, "token": a01, "nonce": nonce(100 + n)}))
        .collect();
    let refused = post_as(
        &app,
        &organiser,
        "/api/v1/checkins/batch",
        json!({"items": too_many}),
    )
    .await;
    assert_eq!(error_code(refused).await, (422, "invalid_input".into()));
}

#[tokio::test]
async fn attendance_counts_visitors_by_hour_arrivals_and_no_shows_and_exports_for_excel() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let came = booked(&app, "13700137731", "A01").await.ticket;
    let _absent = booked(&app, "13700137732", "A02").await;
    let poster = poster(&app, &organiser).await;
    let token = poster["token"].as_str().unwrap();
    let path = format!("/api/v1/markets/{MARKET}/stats");
    let before: Value = get_as(&app, &organiser, &path).await.json().await.unwrap();
    let booked_before = before["booked"].as_i64().unwrap();
    assert_eq!(before["visitors"], 0);
    let hours: Vec<u64> = before["by_hour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["hour"].as_u64().unwrap())
        .collect();
    assert_eq!(hours, [8, 9, 10, 11], "the market's hours, 8:00–12:00");

    app.clock.advance(TO_MARKET_MORNING); // 9:00
    for n in 0..3 {
        visitor_checkin(
            &app,
            json!({"token": token, "device_id": device(n), "nonce": nonce(n)}),
        )
        .await;
    }
    app.clock.advance(3600); // 10:00
    visitor_checkin(
        &app,
        json!({"token": token, "device_id": device(9), "nonce": nonce(9)}),
    )
    .await;
    let scanned = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": came, "nonce": nonce(20)}),
    )
    .await;
    assert_eq!(scanned.status(), 201);

    let live: Value = get_as(&app, &organiser, &path).await.json().await.unwrap();
    assert_eq!(live["visitors"], 4);
    assert_eq!(live["arrived"], 1);
    assert_eq!(live["no_shows"], 0, "no one is absent before the close");
    let count_at = |stats: &Value, hour: u64| {
        stats["by_hour"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["hour"] == hour)
            .unwrap()["visitors"]
            .clone()
    };
    assert_eq!(count_at(&live, 9), 3);
    assert_eq!(count_at(&live, 10), 1);

    app.clock.advance(3 * 3600); // 13:00, closed
    let after: Value = get_as(&app, &organiser, &path).await.json().await.unwrap();
    assert_eq!(after["booked"], booked_before);
    assert_eq!(after["no_shows"].as_i64().unwrap(), booked_before - 1);

    let export = get_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{MARKET}/export.csv"),
    )
    .await;
    assert_eq!(export.status(), 200);
    assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(export.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".csv"));
    let bytes = export.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a byte-order mark, for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n"));
    assert!(text.contains("摊位,区域,摊主,手机,商品,车牌,状态,到场时间"));
    let a01 = text.lines().find(|l| l.starts_with("A01,")).unwrap();
    assert!(
        a01.contains("13700137731") && a01.ends_with(",已确认,10:00"),
        "{a01}"
    );
    assert!(text.contains("09:00-10:00,3"));
    assert!(text.contains("合计,4"));

    for path in [
        "/api/v1/markets/m-nowhere/stats",
        "/api/v1/markets/m-nowhere/export.csv",
    ] {
        assert_eq!(
            error_code(get_as(&app, &organiser, path).await).await,
            (404, "not_found".into())
        );
        assert_eq!(
            error_code(app.get(path).await).await,
            (401, "unauthorized".into())
        );
    }
    let other = app.log_in_organiser("13900139073", &["hu-jinliang"]).await;
    for path in [path.clone(), format!("/api/v1/markets/{MARKET}/export.csv")] {
        assert_eq!(
            error_code(get_as(&app, &other, &path).await).await,
            (403, "forbidden".into())
        );
    }
}

#[tokio::test]
async fn a_burst_of_five_thousand_visitors_is_recorded_whole() {
    const VISITORS: usize = 5_000;
    const AT_ONCE: usize = 200;
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let token = poster(&app, &organiser).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.clock.advance(TO_MARKET_MORNING);

    let started = std::time::Instant::now();
    let mut statuses = Vec::with_capacity(VISITORS + AT_ONCE);
    // Every phone once, and the first AT_ONCE twice (a double tap): all at once, AT_ONCE in flight.
    let phones: Vec<(usize, usize)> = (0..VISITORS).chain(0..AT_ONCE).enumerate().collect();
    let url = format!("{}/api/v1/checkins", app.address);
    for chunk in phones.chunks(AT_ONCE) {
        let sends = chunk.iter().map(|&(attempt, phone)| {
            let body = json!({"token": token, "device_id": device(phone), "nonce": nonce(attempt)});
            let (client, url) = (app.client.clone(), url.clone());
            tokio::spawn(async move {
                let sent = client.post(url).json(&body).send().await;
                sent.map(|r| r.status().as_u16()).unwrap_or(0)
            })
        });
        statuses.extend(join_statuses(sends).await);
    }
    let elapsed = started.elapsed();
    let created = statuses.iter().filter(|&&s| s == 201).count();
    let again = statuses.iter().filter(|&&s| s == 200).count();
    println!(
        "{} check-ins in {:.2} s ({:.0}/s): {created} first, {again} again",
        statuses.len(),
        elapsed.as_secs_f64(),
        statuses.len() as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(created, VISITORS, "every phone counted");
    assert_eq!(again, AT_ONCE, "no phone counted twice");
    let stats: Value = get_as(&app, &organiser, &format!("/api/v1/markets/{MARKET}/stats"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["visitors"], VISITORS);
}

#[tokio::test]
async fn a_stallholder_marked_absent_who_comes_after_all_is_confirmed_again_on_the_record() {
    let app = spawn_app().await;
    let organiser = organiser(&app).await;
    let late = booked(&app, "13700137741", "A04").await;
    app.clock.advance(TO_MARKET_MORNING);
    let marked = post_as(
        &app,
        &organiser,
        &format!("/api/v1/bookings/{}/no-show", late.id),
        json!({}),
    )
    .await;
    assert_eq!(marked.status(), 200);

    let scanned = scan(
        &app,
        &organiser,
        json!({"market_id": MARKET, "token": late.ticket, "nonce": nonce(1)}),
    )
    .await;
    assert_eq!(scanned.status(), 201);
    let booking: Value = get_as(
        &app,
        &late.session,
        &format!("/api/v1/bookings/{}", late.id),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(booking["status"], "confirmed");
    let mut db = crate::helpers::connect_db(&app.db_url).await;
    let recorded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'booking.arrived_late' AND subject = $1",
    )
    .bind(&late.id)
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(recorded, 1);
}
