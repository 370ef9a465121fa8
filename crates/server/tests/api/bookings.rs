//! Stall bookings against the demo schedule (test clock: Sunday 2026-11-29 09:00 in China). The
//! Luqiao market of Saturday 2026-12-05 (hosted by 小桐村) books automatically from 11-21 9:00 to
//! 12-04 18:00; its stalls are A01–A12 (booths), B01–B08 (car bays), C01–C06.

use jishi_core::token::{self, Admits};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{error_code, get_as, post_as, small_market, spawn_app, TestApp};

const MARKET: &str = "m-luqiao-202612";

fn stall(code: &str) -> String {
    format!("{MARKET}-{code}")
}

async fn book(app: &TestApp, token: &str, market: &str, body: Value) -> reqwest::Response {
    app.authed(
        Method::POST,
        &format!("/api/v1/markets/{market}/bookings"),
        token,
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn stall_status(app: &TestApp, code: &str) -> String {
    let stalls: Value = app
        .get(&format!("/api/v1/markets/{MARKET}/stalls"))
        .await
        .json()
        .await
        .unwrap();
    stalls["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_booking_is_confirmed_with_a_ticket_anyone_can_verify_with_the_public_key() {
    let app = spawn_app().await;
    let token = app.log_in("13700137201").await;
    let before: Value = app
        .get(&format!("/api/v1/markets/{MARKET}"))
        .await
        .json()
        .await
        .unwrap();

    let response = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("A01"), "goods": "自家种的青菜、萝卜"}),
    )
    .await;

    assert_eq!(response.status(), 201);
    let booking: Value = response.json().await.unwrap();
    assert_eq!(booking["status"], "confirmed");
    assert_eq!(booking["stall_code"], "A01");
    assert_eq!(booking["market_id"], MARKET);
    assert_eq!(booking["code"].as_str().unwrap().len(), 6);
    assert_eq!(booking["cancel_until"], "2026-12-04T08:00:00+08:00");
    assert!(
        booking["ticket_qr"].as_str().unwrap().starts_with("<?xml"),
        "the QR code, drawn"
    );
    let keys: Value = app.get("/api/v1/checkin/keys").await.json().await.unwrap();
    let key = &keys["keys"][0];
    assert_eq!(key["alg"], "Ed25519");
    let public = token::parse_public_key(key["public_key"].as_str().unwrap()).unwrap();
    let claims = token::verify(
        booking["ticket"].as_str().unwrap(),
        &[(key["kid"].as_str().unwrap().to_owned(), public)],
        1_795_914_000,
    )
    .unwrap();
    assert_eq!(claims.admits, Admits::Ticket);
    assert_eq!(claims.booking.as_deref(), booking["id"].as_str());
    assert_eq!(claims.stall.as_deref(), Some("A01"));

    assert_eq!(stall_status(&app, "A01").await, "booked");
    let after: Value = app
        .get(&format!("/api/v1/markets/{MARKET}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        after["stalls"]["free"].as_i64().unwrap(),
        before["stalls"]["free"].as_i64().unwrap() - 1
    );
    let mine: Value = get_as(&app, &token, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["id"], booking["id"]);
}

#[tokio::test]
async fn a_booking_is_seen_by_its_owner_and_the_markets_organisers_and_no_one_else() {
    let app = spawn_app().await;
    let owner = app.log_in("13700137202").await;
    let neighbour = app.log_in("13700137203").await;
    let host = app.log_in_organiser("13900139031", &["hu-xiaotong"]).await;
    let other_unit = app.log_in_organiser("13900139032", &["hu-changan"]).await;
    let booking: Value = book(
        &app,
        &owner,
        MARKET,
        json!({"stall_id": stall("A02"), "goods": "鸡蛋"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let path = format!("/api/v1/bookings/{}", booking["id"].as_str().unwrap());

    assert_eq!(get_as(&app, &owner, &path).await.status(), 200);
    assert_eq!(get_as(&app, &host, &path).await.status(), 200);
    for stranger in [&neighbour, &other_unit] {
        assert_eq!(
            error_code(get_as(&app, stranger, &path).await).await,
            (404, "not_found".into())
        );
        let cancel = app
            .authed(Method::POST, &format!("{path}/cancel"), stranger)
            .send()
            .await
            .unwrap();
        assert_eq!(error_code(cancel).await, (404, "not_found".into()));
    }
    assert_eq!(
        error_code(get_as(&app, &owner, "/api/v1/bookings/b_nothing").await).await,
        (404, "not_found".into())
    );
    let anonymous = app.get(&path).await;
    assert_eq!(error_code(anonymous).await, (401, "unauthorized".into()));
}

#[tokio::test]
async fn a_stall_goes_to_one_person_and_a_person_gets_one_stall() {
    let app = spawn_app().await;
    let first = app.log_in("13700137204").await;
    let second = app.log_in("13700137205").await;
    assert_eq!(
        book(
            &app,
            &first,
            MARKET,
            json!({"stall_id": stall("A03"), "goods": "橘子"})
        )
        .await
        .status(),
        201
    );

    let taken = book(
        &app,
        &second,
        MARKET,
        json!({"stall_id": stall("A03"), "goods": "柚子"}),
    )
    .await;
    assert_eq!(error_code(taken).await, (409, "stall_taken".into()));
    let greedy = book(
        &app,
        &first,
        MARKET,
        json!({"stall_id": stall("A04"), "goods": "橘子"}),
    )
    .await;
    assert_eq!(error_code(greedy).await, (409, "already_booked".into()));
    assert_eq!(stall_status(&app, "A04").await, "free");
}

#[tokio::test]
async fn a_car_bay_needs_a_plate_that_is_one() {
    let app = spawn_app().await;
    let token = app.log_in("13700137206").await;

    let none = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("B01"), "goods": "后备箱里的土鸡蛋"}),
    )
    .await;
    assert_eq!(error_code(none).await, (422, "plate_required".into()));
    let bad = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("B01"), "goods": "土鸡蛋", "plate": "ABC"}),
    )
    .await;
    assert_eq!(error_code(bad).await, (422, "invalid_input".into()));
    let good = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("B01"), "goods": "土鸡蛋", "plate": "浙j·12345"}),
    )
    .await;
    assert_eq!(good.status(), 201);
    let booking: Value = good.json().await.unwrap();
    assert_eq!(booking["plate"], "浙J12345");
}

#[tokio::test]
async fn bookings_open_and_close_when_the_organiser_said_and_bad_requests_are_refused() {
    let app = spawn_app().await;
    let token = app.log_in("13700137207").await;
    let goods = |stall_id: String| json!({"stall_id": stall_id, "goods": "青菜"});

    let not_yet = book(
        &app,
        &token,
        "m-xiaotong-loquat",
        goods("m-xiaotong-loquat-A01".into()),
    )
    .await;
    assert_eq!(error_code(not_yet).await, (403, "booking_closed".into()));
    let cancelled = book(
        &app,
        &token,
        "m-jinliang-trunk-b",
        goods("m-jinliang-trunk-b-B01".into()),
    )
    .await;
    assert_eq!(error_code(cancelled).await, (403, "booking_closed".into()));
    let unknown = book(&app, &token, "m-nothing", goods("x".into())).await;
    assert_eq!(error_code(unknown).await, (404, "not_found".into()));
    let elsewhere = book(&app, &token, MARKET, goods("m-shangping-sugar-A01".into())).await;
    assert_eq!(
        error_code(elsewhere).await,
        (404, "not_found".into()),
        "a stall of another market"
    );
    let nothing = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("A05"), "goods": "  "}),
    )
    .await;
    assert_eq!(error_code(nothing).await, (422, "invalid_input".into()));
    let anonymous = app
        .post(
            &format!("/api/v1/markets/{MARKET}/bookings"),
            goods(stall("A05")),
        )
        .await;
    assert_eq!(error_code(anonymous).await, (401, "unauthorized".into()));

    // 12-04 18:00 closes it.
    app.clock.advance(5 * 86_400 + 9 * 3600);
    let closed = book(&app, &token, MARKET, goods(stall("A05"))).await;
    assert_eq!(error_code(closed).await, (403, "booking_closed".into()));
}

#[tokio::test]
async fn a_market_that_needs_approval_holds_the_stall_as_pending_without_a_ticket() {
    let app = spawn_app().await;
    let token = app.log_in("13700137208").await;
    // The loquat-festival market (Sunday 2027-01-10) opens its booking on 12-27 at 9:00.
    app.clock.advance(28 * 86_400 + 3600);

    let response = book(
        &app,
        &token,
        "m-xiaotong-loquat",
        json!({"stall_id": "m-xiaotong-loquat-A01", "goods": "枇杷膏"}),
    )
    .await;

    assert_eq!(response.status(), 201);
    let booking: Value = response.json().await.unwrap();
    assert_eq!(booking["status"], "pending");
    assert!(booking.get("ticket").is_none());
    let stalls: Value = app
        .get("/api/v1/markets/m-xiaotong-loquat/stalls")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stalls["items"][0]["status"], "pending");
}

async fn book_with_key(
    app: &TestApp,
    token: &str,
    key: &str,
    stall_code: &str,
) -> reqwest::Response {
    app.authed(
        Method::POST,
        &format!("/api/v1/markets/{MARKET}/bookings"),
        token,
    )
    .header("Idempotency-Key", key)
    .json(&json!({"stall_id": stall(stall_code), "goods": "年糕"}))
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn a_retried_request_gets_the_first_answer_and_books_nothing_more() {
    let app = spawn_app().await;
    let token = app.log_in("13700137209").await;
    let other = app.log_in("13700137210").await;

    let first: Value = book_with_key(&app, &token, "k-1", "A06")
        .await
        .json()
        .await
        .unwrap();
    let again = book_with_key(&app, &token, "k-1", "A06").await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let mine: Value = get_as(&app, &token, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let reused = book_with_key(&app, &token, "k-1", "A07").await;
    assert_eq!(
        error_code(reused).await,
        (422, "key_reused".into()),
        "a key is for one request"
    );

    // A refusal is kept too: the retry says the same, even after the stall has come free.
    let refused = book_with_key(&app, &other, "k-2", "A06").await;
    assert_eq!(error_code(refused).await, (409, "stall_taken".into()));
    let path = format!("/api/v1/bookings/{}/cancel", first["id"].as_str().unwrap());
    app.authed(Method::POST, &path, &token)
        .send()
        .await
        .unwrap();
    let retried = book_with_key(&app, &other, "k-2", "A06").await;
    assert_eq!(error_code(retried).await, (409, "stall_taken".into()));
    assert_eq!(
        book_with_key(&app, &other, "k-3", "A06").await.status(),
        201,
        "a new key asks anew"
    );
}

#[tokio::test]
async fn a_stallholder_cancels_until_the_deadline_and_the_stall_comes_free() {
    let app = spawn_app().await;
    let token = app.log_in("13700137211").await;
    let booking: Value = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("A08"), "goods": "麦饼"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let path = format!(
        "/api/v1/bookings/{}/cancel",
        booking["id"].as_str().unwrap()
    );

    let response = app
        .authed(Method::POST, &path, &token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cancelled: Value = response.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled.get("ticket").is_none());
    assert_eq!(stall_status(&app, "A08").await, "free");
    let twice = app
        .authed(Method::POST, &path, &token)
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), 200, "cancelling again changes nothing");

    let late: Value = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("A09"), "goods": "麦饼"}),
    )
    .await
    .json()
    .await
    .unwrap();
    // 24 hours before the 8:00 opening is 12-04 8:00; at 8:30 it is too late.
    app.clock.advance(4 * 86_400 + 23 * 3600 + 1800);
    let path = format!("/api/v1/bookings/{}/cancel", late["id"].as_str().unwrap());
    let response = app
        .authed(Method::POST, &path, &token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await, (409, "cancel_closed".into()));
    assert_eq!(stall_status(&app, "A09").await, "booked");
}

#[tokio::test]
async fn organisers_approve_and_reject_pending_bookings_and_list_them_with_who_holds_them() {
    let app = spawn_app().await;
    let stallholder = app.log_in("13700137212").await;
    let other = app.log_in("13700137213").await;
    let host = app.log_in_organiser("13900139033", &["hu-xiaotong"]).await;
    let elsewhere = app.log_in_organiser("13900139034", &["hu-songshi"]).await;
    app.clock.advance(28 * 86_400 + 3600);
    let market = "m-xiaotong-loquat";
    let first: Value = book(
        &app,
        &stallholder,
        market,
        json!({"stall_id": "m-xiaotong-loquat-A01", "goods": "枇杷膏"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let second: Value = book(
        &app,
        &other,
        market,
        json!({"stall_id": "m-xiaotong-loquat-A02", "goods": "枇杷露"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let path =
        |b: &Value, what: &str| format!("/api/v1/bookings/{}/{what}", b["id"].as_str().unwrap());

    let own = post_as(&app, &stallholder, &path(&first, "approve"), json!({})).await;
    assert_eq!(
        error_code(own).await,
        (403, "forbidden".into()),
        "not their own to approve"
    );
    let foreign = post_as(&app, &elsewhere, &path(&first, "approve"), json!({})).await;
    assert_eq!(error_code(foreign).await, (404, "not_found".into()));
    let approved = post_as(&app, &host, &path(&first, "approve"), json!({})).await;
    assert_eq!(approved.status(), 200);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved["status"], "confirmed");
    assert!(approved["ticket"].is_string(), "approval issues the ticket");
    let again = post_as(&app, &host, &path(&first, "approve"), json!({})).await;
    assert_eq!(error_code(again).await, (409, "wrong_status".into()));

    let blank = post_as(
        &app,
        &host,
        &path(&second, "reject"),
        json!({"reason": " "}),
    )
    .await;
    assert_eq!(error_code(blank).await, (422, "invalid_input".into()));
    let rejected: Value = post_as(
        &app,
        &host,
        &path(&second, "reject"),
        json!({"reason": "枇杷露摊位已满"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(rejected["status"], "rejected");
    let seen: Value = get_as(
        &app,
        &other,
        &format!("/api/v1/bookings/{}", second["id"].as_str().unwrap()),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(seen["reason"], "枇杷露摊位已满");
    assert!(
        seen.get("holder").is_none(),
        "a stallholder does not see the holder block"
    );

    let list = get_as(&app, &host, &format!("/api/v1/markets/{market}/bookings")).await;
    let list: Value = list.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["holder"]["phone"], "13700137212");
    let refused = get_as(
        &app,
        &elsewhere,
        &format!("/api/v1/markets/{market}/bookings"),
    )
    .await;
    assert_eq!(error_code(refused).await, (403, "forbidden".into()));
    let entries: i64 = {
        let mut db = crate::helpers::connect_db(&app.db_url).await;
        sqlx::query_scalar(
            "SELECT count(*) FROM audit_log WHERE action IN ('booking.approve', 'booking.reject')",
        )
        .fetch_one(&mut db)
        .await
        .unwrap()
    };
    assert_eq!(entries, 2, "both decisions are in the audit log");
}

#[tokio::test]
async fn a_no_show_is_marked_only_once_the_market_has_opened() {
    let app = spawn_app().await;
    let stallholder = app.log_in("13700137214").await;
    let host = app.log_in_organiser("13900139035", &["hu-xiaotong"]).await;
    let booking: Value = book(
        &app,
        &stallholder,
        MARKET,
        json!({"stall_id": stall("A10"), "goods": "笋干"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let path = format!(
        "/api/v1/bookings/{}/no-show",
        booking["id"].as_str().unwrap()
    );

    let early = post_as(&app, &host, &path, json!({})).await;
    assert_eq!(error_code(early).await, (409, "wrong_status".into()));
    // Saturday 12-05 at 9:00, an hour after the opening.
    app.clock.advance(6 * 86_400);
    let marked: Value = post_as(&app, &host, &path, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(marked["status"], "no_show");
}

#[tokio::test]
async fn an_organiser_books_for_someone_without_a_smartphone() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139036", &["hu-xiaotong"]).await;
    let elsewhere = app.log_in_organiser("13900139037", &["hu-songshi"]).await;
    let request = json!({"stall_id": stall("A11"), "goods": "手工布鞋", "name": "王阿婆", "phone": "13500135000"});
    let on_behalf = format!("/api/v1/markets/{MARKET}/bookings/on-behalf");

    let refused = post_as(&app, &elsewhere, &on_behalf, request.clone()).await;
    assert_eq!(error_code(refused).await, (403, "forbidden".into()));
    let bad_phone = post_as(
        &app,
        &host,
        &on_behalf,
        json!({"stall_id": stall("A11"), "goods": "布鞋", "name": "王阿婆", "phone": "123"}),
    )
    .await;
    assert_eq!(error_code(bad_phone).await, (422, "invalid_input".into()));
    let response = post_as(&app, &host, &on_behalf, request.clone()).await;
    assert_eq!(response.status(), 201);
    let booking: Value = response.json().await.unwrap();
    assert_eq!(booking["status"], "confirmed");
    assert_eq!(booking["holder"]["name"], "王阿婆");
    assert_eq!(booking["holder"]["on_behalf"], true);
    let twice = post_as(&app, &host, &on_behalf, json!({"stall_id": stall("A12"), "goods": "布鞋", "name": "王阿婆", "phone": "13500135000"})).await;
    assert_eq!(
        error_code(twice).await,
        (409, "already_booked".into()),
        "the limit is hers, not the organiser's"
    );
    // When she gets a smartphone and logs in, the booking is hers.
    let her = app.log_in("13500135000").await;
    let mine: Value = get_as(&app, &her, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["id"], booking["id"]);
}

#[tokio::test]
async fn booking_for_someone_who_has_an_account_leaves_their_profile_alone() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139038", &["hu-xiaotong"]).await;
    // She has logged in once and not yet given a name; he has one.
    let her = app.log_in("13500135001").await;
    let him = app.log_in("13500135002").await;
    let named = app
        .send(
            Method::PATCH,
            "/api/v1/me",
            &him,
            &json!({"name": "李大伯"}),
        )
        .await;
    assert_eq!(named.status(), 200);
    let on_behalf = format!("/api/v1/markets/{MARKET}/bookings/on-behalf");

    for (phone, stall_code) in [("13500135001", "A09"), ("13500135002", "A10")] {
        let body = json!({"stall_id": stall(stall_code), "goods": "布鞋", "name": "冒名顶替", "phone": phone});
        assert_eq!(post_as(&app, &host, &on_behalf, body).await.status(), 201);
    }

    let name_of = |token: String| {
        let app = &app;
        async move {
            let me: Value = get_as(app, &token, "/api/v1/me")
                .await
                .json()
                .await
                .unwrap();
            me["name"].as_str().unwrap_or_default().to_owned()
        }
    };
    assert_eq!(name_of(her).await, "", "no name was given to her account");
    assert_eq!(name_of(him).await, "李大伯");
}

/// A market a week on with one booth and one car bay, booking open now (laid out by its organiser).
async fn tiny_market(app: &TestApp) -> String {
    let organiser = app.log_in_organiser("13900139051", &["hu-jinliang"]).await;
    small_market(
        app,
        &organiser,
        "auto",
        json!([
            {"code": "A01", "zone": "A区", "kind": "booth", "fee_fen": 0},
            {"code": "B01", "zone": "B区", "kind": "car_bay", "fee_fen": 0}
        ]),
    )
    .await
}

#[tokio::test]
async fn a_full_market_has_a_waitlist_and_a_freed_stall_goes_to_the_first_in_line_who_fits() {
    let app = spawn_app().await;
    let market = tiny_market(&app).await;
    let [a, b, c, d, e] = [
        app.log_in("13700137501").await,
        app.log_in("13700137502").await,
        app.log_in("13700137503").await,
        app.log_in("13700137504").await,
        app.log_in("13700137505").await,
    ];
    let line = format!("/api/v1/markets/{market}/waitlist");
    let booth: Value = book(
        &app,
        &a,
        &market,
        json!({"stall_id": format!("{market}-A01"), "goods": "青菜"}),
    )
    .await
    .json()
    .await
    .unwrap();

    let early = post_as(&app, &b, &line, json!({"goods": "萝卜"})).await;
    assert_eq!(
        error_code(early).await,
        (409, "wrong_status".into()),
        "a stall is still free: book it"
    );
    let bay: Value = book(
        &app,
        &c,
        &market,
        json!({"stall_id": format!("{market}-B01"), "goods": "鸡蛋", "plate": "浙J11111"}),
    )
    .await
    .json()
    .await
    .unwrap();

    let first = post_as(&app, &b, &line, json!({"goods": "萝卜"})).await;
    assert_eq!(first.status(), 201);
    assert_eq!(first.json::<Value>().await.unwrap()["position"], 1);
    let second: Value = post_as(
        &app,
        &d,
        &line,
        json!({"goods": "土豆", "plate": "浙J22222"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(second["position"], 2);
    let holder = post_as(&app, &a, &line, json!({"goods": "青菜"})).await;
    assert_eq!(error_code(holder).await, (409, "already_booked".into()));
    assert_eq!(
        post_as(&app, &e, &line, json!({"goods": "笋"}))
            .await
            .status(),
        201
    );
    let left = app.authed(Method::DELETE, &line, &e).send().await.unwrap();
    assert_eq!(left.status(), 204);

    // The booth comes free: the first in line gets it.
    post_as(
        &app,
        &a,
        &format!("/api/v1/bookings/{}/cancel", booth["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    let mine: Value = get_as(&app, &b, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["stall_code"], "A01");
    assert_eq!(mine["items"][0]["status"], "confirmed");
    assert_eq!(mine["items"][0]["goods"], "萝卜");
    // The car bay comes free: it goes to the next in line, who has a plate.
    post_as(
        &app,
        &c,
        &format!("/api/v1/bookings/{}/cancel", bay["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    let theirs: Value = get_as(&app, &d, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"][0]["stall_code"], "B01");
    assert_eq!(theirs["items"][0]["plate"], "浙J22222");
    let gone: Value = get_as(&app, &e, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        gone["items"].as_array().unwrap().is_empty(),
        "who left the line gets nothing"
    );
}

#[tokio::test]
async fn an_organiser_sets_how_many_stalls_a_person_may_hold_and_how_late_they_may_cancel() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139052", &["hu-xiaotong"]).await;
    let market_path = format!("/api/v1/markets/{MARKET}");
    for (booking, field) in [
        (json!({"stalls_per_person": 0}), "stalls_per_person"),
        (json!({"stalls_per_person": 21}), "stalls_per_person"),
        (json!({"cancel_hours": 721}), "cancel_hours"),
    ] {
        let mut window: Value =
            app.get(&market_path).await.json::<Value>().await.unwrap()["booking"].clone();
        window[field] = booking[field].clone();
        let refused = app
            .authed(Method::PATCH, &market_path, &organiser)
            .json(&json!({ "booking": window }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            error_code(refused).await,
            (422, "invalid_input".into()),
            "{booking}"
        );
    }

    let mut window: Value =
        app.get(&market_path).await.json::<Value>().await.unwrap()["booking"].clone();
    assert_eq!(window["stalls_per_person"], 1, "one stall each unless told");
    assert_eq!(window["cancel_hours"], 24);
    window["stalls_per_person"] = json!(2);
    window["cancel_hours"] = json!(0);
    let changed = app
        .authed(Method::PATCH, &market_path, &organiser)
        .json(&json!({ "booking": window }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let market: Value = app.get(&market_path).await.json().await.unwrap();
    assert_eq!(market["booking"]["stalls_per_person"], 2);
    assert_eq!(market["booking"]["cancel_hours"], 0);

    let token = app.log_in("13700137601").await;
    for code in ["A10", "A11"] {
        let response = book(
            &app,
            &token,
            MARKET,
            json!({"stall_id": stall(code), "goods": "番薯干"}),
        )
        .await;
        assert_eq!(response.status(), 201, "{code}");
    }
    let third = book(
        &app,
        &token,
        MARKET,
        json!({"stall_id": stall("A12"), "goods": "番薯干"}),
    )
    .await;
    assert_eq!(error_code(third).await, (409, "already_booked".into()));

    // With no notice asked, a stallholder may still cancel at 7:59 on the day.
    let mine: Value = get_as(&app, &token, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    let id = mine["items"][0]["id"].as_str().unwrap().to_owned();
    let code = mine["items"][0]["stall_code"].as_str().unwrap().to_owned();
    app.clock.advance(6 * 86_400 - 3600 - 60);
    let cancelled = post_as(
        &app,
        &token,
        &format!("/api/v1/bookings/{id}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(stall_status(&app, &code).await, "free");
}
