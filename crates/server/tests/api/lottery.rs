//! Stall lotteries over HTTP: applications during the window (twice, late, withdrawn, to a
//! first-come market), the commitment published from the start and the seed at the draw, the
//! placed booked and the others waiting in drawn order, the server's own draw at the close, and
//! `verify-draw` agreeing with the database and failing once an application is removed.

use std::process::Command;

use jishi_core::lottery::{draw::Check, Draw};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    error_code, get_as, post_as, small_market_with, spawn_app, spawn_app_configured, stalls_of,
    TestApp,
};

/// From the test clock's start (2026-11-29 09:00) past the window's close (12-05 18:00).
const PAST_THE_CLOSE: i64 = 6 * 86_400 + 9 * 3600 + 60;

/// Three stalls: two booths in 农产品 and a car bay in 后备箱.
fn stalls() -> Value {
    json!([
        {"code": "A01", "zone": "A区 农产品", "kind": "booth", "fee_fen": 0},
        {"code": "A02", "zone": "A区 农产品", "kind": "booth", "fee_fen": 0},
        {"code": "B01", "zone": "B区 后备箱", "kind": "car_bay", "fee_fen": 2000},
    ])
}

/// A lottery market of 金良社区 on 2026-12-06, applications open at the test clock until 12-05 18:00.
async fn lottery_market(app: &TestApp, organiser: &str) -> String {
    let booking = json!({"cancel_hours": 0, "allocation": "lottery"});
    let market = small_market_with(app, organiser, booking, stalls()).await;
    assert_eq!(market["booking"]["allocation"], "lottery");
    market["id"].as_str().unwrap().to_owned()
}

async fn apply(app: &TestApp, token: &str, market: &str, body: Value) -> reqwest::Response {
    post_as(
        app,
        token,
        &format!("/api/v1/markets/{market}/applications"),
        body,
    )
    .await
}

async fn draw_of(app: &TestApp, market: &str) -> Draw {
    let response = app.get(&format!("/api/v1/markets/{market}/draw")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_lottery_from_its_window_to_its_draw_with_commitment_and_reveal() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    let market = lottery_market(&app, &organiser).await;

    // The commitment is public before anyone applies; the seed is not.
    let before = draw_of(&app, &market).await;
    assert_eq!(before.algorithm, "jishi-draw-1");
    assert_eq!(before.commitment.len(), 64);
    assert!(before.drawn.is_none());
    assert_eq!(before.draws_at.unix_timestamp(), 1_796_464_800);

    // Six apply; one of them twice, one with a zone the market does not have, one withdraws and
    // applies again.
    let mut tokens = Vec::new();
    for i in 0..6 {
        let token = app.log_in(&format!("1370013710{i}")).await;
        // Every one with a plate: any stall fits any of them (a car bay needs one).
        let plate = format!("浙J1234{i}");
        let body = match i {
            0 => json!({"goods": "枇杷", "plate": plate, "zones": ["B区 后备箱", "A区 农产品"]}),
            _ => json!({"goods": "枇杷膏", "plate": plate, "zones": ["A区 农产品"]}),
        };
        assert_eq!(apply(&app, &token, &market, body).await.status(), 201);
        tokens.push(token);
    }
    let (status, code) =
        error_code(apply(&app, &tokens[1], &market, json!({"goods": "枇杷"})).await).await;
    assert_eq!((status, code.as_str()), (409, "already_applied"));
    // Moving the window's opening ahead does not let the market turn first come under them.
    let mut window = get_as(&app, &organiser, &format!("/api/v1/markets/{market}"))
        .await
        .json::<Value>()
        .await
        .unwrap()["booking"]
        .clone();
    let patch = |window: Value| {
        let (app, organiser, market) = (&app, &organiser, &market);
        async move {
            app.send(
                Method::PATCH,
                &format!("/api/v1/markets/{market}"),
                organiser,
                &json!({ "booking": window }),
            )
            .await
        }
    };
    window["opens_at"] = json!("2026-12-01T09:00:00+08:00");
    assert_eq!(patch(window.clone()).await.status(), 200);
    window["allocation"] = json!("first_come");
    assert_eq!(
        error_code(patch(window.clone()).await).await,
        (409, "wrong_status".to_owned())
    );
    window["opens_at"] = json!("2026-11-28T09:00:00+08:00");
    window["allocation"] = json!("lottery");
    assert_eq!(patch(window).await.status(), 200);
    let stranger = app.log_in("13700137109").await;
    let wrong_zone = apply(
        &app,
        &stranger,
        &market,
        json!({"goods": "枇杷", "zones": ["C区"]}),
    )
    .await;
    let body: Value = wrong_zone.json().await.unwrap();
    assert_eq!(
        (
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (Some("invalid_input"), Some("zones"))
    );
    let mine = format!("/api/v1/markets/{market}/applications/mine");
    let withdrawn = app
        .send(Method::DELETE, &mine, &tokens[5], &json!({}))
        .await;
    assert_eq!(withdrawn.status(), 204);
    assert_eq!(get_as(&app, &tokens[5], &mine).await.status(), 404);
    assert_eq!(
        apply(
            &app,
            &tokens[5],
            &market,
            json!({"goods": "笋干", "plate": "浙J12349"})
        )
        .await
        .status(),
        201
    );
    assert_eq!(draw_of(&app, &market).await.applications, 6);

    // Not before the close, and not by just anyone.
    let draw_path = format!("/api/v1/markets/{market}/draw");
    let (status, code) = error_code(post_as(&app, &organiser, &draw_path, json!({})).await).await;
    assert_eq!((status, code.as_str()), (409, "wrong_status"));
    app.clock.advance(PAST_THE_CLOSE);
    let (status, _) = error_code(post_as(&app, &tokens[0], &draw_path, json!({})).await).await;
    assert_eq!(status, 403);
    let (status, code) =
        error_code(apply(&app, &stranger, &market, json!({"goods": "枇杷"})).await).await;
    assert_eq!((status, code.as_str()), (403, "booking_closed"));
    let late = app
        .send(Method::DELETE, &mine, &tokens[1], &json!({}))
        .await;
    assert_eq!(error_code(late).await, (403, "booking_closed".to_owned()));

    // The draw: the seed is the one committed to, and the result is the draw of what is published.
    let drawn_now: Draw = post_as(&app, &organiser, &draw_path, json!({}))
        .await
        .json()
        .await
        .unwrap();
    let drawn = drawn_now.drawn.clone().expect("drawn");
    assert_eq!(hex(&Sha256::digest(decode(&drawn.seed))), before.commitment);
    assert_eq!(drawn.check(&drawn_now.commitment), Check::Consistent);
    assert_eq!(
        (drawn.places, drawn.reserved, drawn.entries.len()),
        (3, 0, 6)
    );
    assert_eq!(
        (drawn.outcome.placed.len(), drawn.outcome.waiting.len()),
        (3, 3)
    );
    assert_eq!(
        draw_of(&app, &market).await,
        drawn_now,
        "published as drawn"
    );
    let again: Draw = post_as(&app, &organiser, &draw_path, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, drawn_now, "drawn once");

    // Each placed applicant holds a confirmed stall; each other waits, in drawn order.
    let mut waiting_tokens = Vec::new();
    for token in &tokens {
        let application: Value = get_as(&app, token, &mine).await.json().await.unwrap();
        let id = application["id"].as_str().unwrap();
        if drawn.outcome.placed.iter().any(|p| p == id) {
            assert_eq!(application["status"], "placed");
            let booking_path = format!(
                "/api/v1/bookings/{}",
                application["booking_id"].as_str().unwrap()
            );
            let booking: Value = get_as(&app, token, &booking_path)
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(booking["status"], "confirmed");
        } else {
            assert_eq!(application["status"], "waiting");
            let at = drawn.outcome.waiting.iter().position(|w| w == id).unwrap();
            assert_eq!(
                application["place_in_line"],
                at + 1,
                "in line in drawn order"
            );
            waiting_tokens.push((at, token.clone()));
        }
    }
    waiting_tokens.sort();
    assert_eq!(waiting_tokens.len(), 3);

    // Everyone hears the result: the drawn of their stall, the others of their place in line.
    let told: Value = get_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{market}/messages"),
    )
    .await
    .json()
    .await
    .unwrap();
    let told = told["items"].as_array().unwrap();
    let of_kind = |kind: &str| {
        told.iter()
            .filter(|m| m["kind"] == kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(of_kind("drawn").len(), 3, "{told:?}");
    assert!(of_kind("drawn")
        .iter()
        .all(|m| m["booking_id"].is_string() && m["text"].as_str().unwrap().contains("摇号中签")));
    let mut ranks: Vec<String> = of_kind("waitlisted")
        .iter()
        .map(|m| {
            assert!(m["booking_id"].is_null(), "a place in line is no booking");
            let text = m["text"].as_str().unwrap();
            text.split("候补第")
                .nth(1)
                .unwrap()
                .split('位')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    ranks.sort();
    assert_eq!(ranks, ["1", "2", "3"]);

    // A placed stallholder cancels: the first waiting gets the stall.
    let placed_token = tokens
        .iter()
        .find(|t| !waiting_tokens.iter().any(|(_, w)| w == *t))
        .unwrap();
    let booking: Value = get_as(&app, placed_token, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    let freed = booking["items"][0]["id"].as_str().unwrap().to_owned();
    let cancelled = post_as(
        &app,
        placed_token,
        &format!("/api/v1/bookings/{freed}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);
    let first_waiting: Value = get_as(&app, &waiting_tokens[0].1, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        first_waiting["items"].as_array().map(Vec::len),
        Some(1),
        "{first_waiting}"
    );
    // Their application says so too: placed, into that booking.
    let application: Value = get_as(&app, &waiting_tokens[0].1, &mine)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(application["status"], "placed");
    assert_eq!(application["booking_id"], first_waiting["items"][0]["id"]);
}

#[tokio::test]
async fn a_lottery_market_takes_no_first_come_booking_and_a_first_come_market_no_application() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    let lottery = lottery_market(&app, &organiser).await;
    let first_come = crate::helpers::small_market(&app, &organiser, "auto", stalls()).await;
    let holder = app.log_in("13700137101").await;

    let stalls = stalls_of(&app, &lottery).await;
    let stall = stalls[0]["id"].as_str().unwrap();
    let booked = post_as(
        &app,
        &holder,
        &format!("/api/v1/markets/{lottery}/bookings"),
        json!({"stall_id": stall, "goods": "枇杷"}),
    )
    .await;
    assert_eq!(error_code(booked).await, (409, "wrong_status".to_owned()));
    let applied = apply(&app, &holder, &first_come, json!({"goods": "枇杷"})).await;
    assert_eq!(error_code(applied).await, (409, "wrong_status".to_owned()));
    let draw = app.get(&format!("/api/v1/markets/{first_come}/draw")).await;
    assert_eq!(error_code(draw).await, (409, "wrong_status".to_owned()));
    let mine = get_as(
        &app,
        &holder,
        &format!("/api/v1/markets/{first_come}/applications/mine"),
    )
    .await;
    assert_eq!(error_code(mine).await, (409, "wrong_status".to_owned()));

    // A lottery market called off before its draw is never drawn, even when asked.
    let applied = apply(&app, &holder, &lottery, json!({"goods": "枇杷"})).await;
    assert_eq!(applied.status(), 201);
    let called_off = post_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{lottery}/cancel"),
        json!({"reason": "台风，暂停一次"}),
    )
    .await;
    assert_eq!(called_off.status(), 200);
    app.clock.advance(PAST_THE_CLOSE);
    let asked = post_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{lottery}/draw"),
        json!({}),
    )
    .await;
    assert_eq!(error_code(asked).await, (409, "wrong_status".to_owned()));
}

#[tokio::test]
async fn the_server_draws_by_itself_at_the_close_and_verify_draw_agrees_until_an_application_goes()
{
    let app = spawn_app_configured(|args| args.draw_every = 1).await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    let market = lottery_market(&app, &organiser).await;
    for i in 0..5 {
        let token = app.log_in(&format!("1370013710{i}")).await;
        assert_eq!(
            apply(&app, &token, &market, json!({"goods": "枇杷"}))
                .await
                .status(),
            201
        );
    }
    let (ok, said) = verify_draw(&app, &market);
    assert!(ok && said.contains("not drawn yet"), "{said}");

    app.clock.advance(PAST_THE_CLOSE);
    let mut drawn = draw_of(&app, &market).await;
    for _ in 0..100 {
        if drawn.drawn.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        drawn = draw_of(&app, &market).await;
    }
    let drawn = drawn.drawn.expect("drawn by the server");
    assert_eq!(drawn.outcome.placed.len(), 3);

    let (ok, said) = verify_draw(&app, &market);
    assert!(ok && said.contains("一致"), "{said}");

    // Someone takes an application out of the database: the draw no longer agrees.
    let db = jishi_server::store::connect(&app.db_url).await.unwrap();
    sqlx::query("DELETE FROM applications WHERE id = $1")
        .bind(&drawn.outcome.waiting[0])
        .execute(&db)
        .await
        .unwrap();
    let (ok, said) = verify_draw(&app, &market);
    assert!(!ok && said.contains("不一致"), "{said}");
}

/// `jishi-server verify-draw --market M` on the app's database: whether it succeeded, and what it said.
fn verify_draw(app: &TestApp, market: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jishi-server"))
        .args(["verify-draw", "--market", market, "--db", &app.db_url])
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[tokio::test]
async fn a_stall_no_drawn_applicant_fits_goes_to_the_first_in_line_it_fits() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    let market = lottery_market(&app, &organiser).await;
    // Three stalls, two of them booths: close one booth, so a booth and a car bay are drawn for.
    let laid = app
        .send(
            Method::PUT,
            &format!("/api/v1/markets/{market}/stalls"),
            &organiser,
            &json!({ "items": [
                {"code": "A01", "zone": "A区 农产品", "kind": "booth", "fee_fen": 0},
                {"code": "B01", "zone": "B区 后备箱", "kind": "car_bay", "fee_fen": 2000},
            ] }),
        )
        .await;
    assert_eq!(laid.status(), 200);
    // Two without a plate, one with (who asks for the car bays): whichever two are drawn, both
    // stalls end up taken, the car bay by the one with a plate.
    let with_plate = app.log_in("13700137300").await;
    let body = json!({"goods": "枇杷", "plate": "浙J30000", "zones": ["B区 后备箱"]});
    assert_eq!(apply(&app, &with_plate, &market, body).await.status(), 201);
    for phone in ["13700137301", "13700137302"] {
        let token = app.log_in(phone).await;
        assert_eq!(
            apply(&app, &token, &market, json!({"goods": "枇杷膏"}))
                .await
                .status(),
            201
        );
    }
    app.clock.advance(PAST_THE_CLOSE);
    let drawn: Draw = post_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{market}/draw"),
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(drawn.drawn.map(|d| d.places), Some(2));
    let stalls = stalls_of(&app, &market).await;
    let free: Vec<&Value> = stalls.iter().filter(|s| s["status"] == "free").collect();
    assert!(free.is_empty(), "{stalls:?}");
    let mine: Value = get_as(
        &app,
        &with_plate,
        &format!("/api/v1/markets/{market}/applications/mine"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(mine["status"], "placed");

    // After the draw no application comes or goes, whatever the clock says.
    let late = app.log_in("13700137303").await;
    let (status, code) =
        error_code(apply(&app, &late, &market, json!({"goods": "笋干"})).await).await;
    assert_eq!((status, code.as_str()), (403, "booking_closed"));
}
