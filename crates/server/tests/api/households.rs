//! Priority households (帮扶户) over HTTP: who may mark and see them, the share of a first-come
//! market's stalls kept for them until hours before it opens, and a lottery drawing them first for
//! the kept places.

use jishi_core::lottery::{draw::Check, Draw};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{
    error_code, get_as, post_as, small_market_with, spawn_app, spawn_app_configured, stalls_of,
    TestApp,
};

/// A market of 金良社区 on 2026-12-06 16:00, booking open at the test clock until 12-05 18:00,
/// `allocation` and `reserved_percent` as given (kept until 24 hours before), three booths.
async fn market_keeping(app: &TestApp, organiser: &str, allocation: &str, percent: u8) -> String {
    let booking =
        json!({"allocation": allocation, "reserved_percent": percent, "reserved_hours": 24});
    let stalls = json!([
        {"code": "A01", "zone": "A区", "kind": "booth", "fee_fen": 0},
        {"code": "A02", "zone": "A区", "kind": "booth", "fee_fen": 0},
        {"code": "A03", "zone": "A区", "kind": "booth", "fee_fen": 0},
    ]);
    let market = small_market_with(app, organiser, booking, stalls).await;
    assert_eq!(market["booking"]["reserved_percent"], percent);
    market["id"].as_str().unwrap().to_owned()
}

async fn mark(app: &TestApp, organiser: &str, phone: &str) -> reqwest::Response {
    post_as(
        app,
        organiser,
        "/api/v1/host-units/hu-jinliang/households",
        json!({ "phone": phone }),
    )
    .await
}

/// Books the first free stall of `market` as `token`.
async fn book_any(app: &TestApp, token: &str, market: &str) -> reqwest::Response {
    let stalls = stalls_of(app, market).await;
    let free = stalls
        .iter()
        .find(|s| s["status"] == "free")
        .expect("a free stall");
    post_as(
        app,
        token,
        &format!("/api/v1/markets/{market}/bookings"),
        json!({ "stall_id": free["id"], "goods": "青菜" }),
    )
    .await
}

#[tokio::test]
async fn a_units_organisers_mark_households_and_only_they_and_the_person_see_it() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    let other_unit = app.log_in_organiser("13900139002", &["hu-xiaotong"]).await;
    let household = app.log_in("13700137201").await;
    let neighbour = app.log_in("13700137202").await;

    let marked: Value = mark(&app, &organiser, "13700137201")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(marked["items"][0]["phone"], "13700137201");
    // An account not yet made is made, so a household without the app can be marked too.
    assert_eq!(mark(&app, &organiser, "13700137299").await.status(), 200);
    let (status, code) = error_code(mark(&app, &organiser, "1234").await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_phone"));

    let list = "/api/v1/host-units/hu-jinliang/households";
    let listed: Value = get_as(&app, &organiser, list).await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));
    for stranger in [&other_unit, &household] {
        assert_eq!(get_as(&app, stranger, list).await.status(), 403);
        assert_eq!(mark(&app, stranger, "13700137202").await.status(), 403);
    }
    assert_eq!(
        get_as(&app, &organiser, "/api/v1/host-units/hu-nowhere/households")
            .await
            .status(),
        404
    );

    let me: Value = get_as(&app, &household, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["priority_of"][0]["id"], "hu-jinliang");
    let them: Value = get_as(&app, &neighbour, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert!(them.get("priority_of").is_none(), "{them}");

    let user_id = marked["items"][0]["user_id"].as_str().unwrap();
    let one = format!("{list}/{user_id}");
    assert_eq!(
        app.send(Method::DELETE, &one, &organiser, &json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.send(Method::DELETE, &one, &organiser, &json!({}))
            .await
            .status(),
        404
    );
    let me: Value = get_as(&app, &household, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert!(me.get("priority_of").is_none(), "{me}");
}

#[tokio::test]
async fn a_first_come_market_keeps_its_share_for_households_until_hours_before_it() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    // 30 % of three stalls, rounded up: one kept.
    let market = market_keeping(&app, &organiser, "first_come", 30).await;
    let household = app.log_in("13700137201").await;
    assert_eq!(mark(&app, &organiser, "13700137201").await.status(), 200);
    let (a, b, c) = (
        app.log_in("13700137211").await,
        app.log_in("13700137212").await,
        app.log_in("13700137213").await,
    );

    assert_eq!(book_any(&app, &a, &market).await.status(), 201);
    assert_eq!(book_any(&app, &b, &market).await.status(), 201);
    let (status, code) = error_code(book_any(&app, &c, &market).await).await;
    assert_eq!((status, code.as_str()), (409, "kept_for_households"));
    // The market reads as full to them, so they may wait for a stall.
    let waited = post_as(
        &app,
        &c,
        &format!("/api/v1/markets/{market}/waitlist"),
        json!({"goods": "青菜"}),
    )
    .await;
    assert_eq!(waited.status(), 201);
    // The household takes the kept stall.
    assert_eq!(book_any(&app, &household, &market).await.status(), 201);

    // Another market: unclaimed, the kept stall opens to everyone 24 hours before the market.
    let second = market_keeping(&app, &organiser, "first_come", 30).await;
    assert_eq!(book_any(&app, &a, &second).await.status(), 201);
    assert_eq!(book_any(&app, &b, &second).await.status(), 201);
    assert_eq!(
        error_code(book_any(&app, &c, &second).await).await.1,
        "kept_for_households"
    );
    // From 2026-11-29 09:00 to 12-05 16:00, when 24 hours are left.
    app.clock.advance(6 * 86_400 + 7 * 3600);
    assert_eq!(book_any(&app, &c, &second).await.status(), 201);
}

#[tokio::test]
async fn a_kept_stall_given_back_waits_for_a_household_and_goes_to_the_line_once_no_longer_kept() {
    // The server looks for free stalls to offer every second here.
    let app = spawn_app_configured(|args| args.draw_every = 1).await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    let market = market_keeping(&app, &organiser, "first_come", 30).await;
    let household = app.log_in("13700137201").await;
    assert_eq!(mark(&app, &organiser, "13700137201").await.status(), 200);
    let (a, b, c) = (
        app.log_in("13700137211").await,
        app.log_in("13700137212").await,
        app.log_in("13700137213").await,
    );
    assert_eq!(book_any(&app, &a, &market).await.status(), 201);
    assert_eq!(book_any(&app, &b, &market).await.status(), 201);
    let waitlist = format!("/api/v1/markets/{market}/waitlist");
    let waited = post_as(&app, &c, &waitlist, json!({"goods": "青菜"})).await;
    assert_eq!(waited.status(), 201);
    let kept: Value = book_any(&app, &household, &market)
        .await
        .json()
        .await
        .unwrap();

    // The household gives the kept stall back: it is still kept, so it does not go to the line.
    let given_back = post_as(
        &app,
        &household,
        &format!("/api/v1/bookings/{}/cancel", kept["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    assert_eq!(given_back.status(), 200);
    let held = |token: String| {
        let app = &app;
        async move {
            let mine: Value = get_as(app, &token, "/api/v1/me/bookings")
                .await
                .json()
                .await
                .unwrap();
            mine["items"].as_array().map_or(0, Vec::len)
        }
    };
    assert_eq!(held(c.clone()).await, 0, "kept for households");

    // 24 hours before the market it is no longer kept: the server offers it to the first in line.
    app.clock.advance(6 * 86_400 + 7 * 3600);
    let mut got = held(c.clone()).await;
    for _ in 0..100 {
        if got == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        got = held(c.clone()).await;
    }
    assert_eq!(got, 1, "offered to the first in line");
}

#[tokio::test]
async fn a_lottery_draws_households_first_for_the_kept_places() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    // 34 % of three stalls, rounded up: two kept.
    let market = market_keeping(&app, &organiser, "lottery", 34).await;
    let mut households = Vec::new();
    for i in 0..6 {
        let phone = format!("1370013722{i}");
        let token = app.log_in(&phone).await;
        if i < 2 {
            assert_eq!(mark(&app, &organiser, &phone).await.status(), 200);
        }
        let applied = post_as(
            &app,
            &token,
            &format!("/api/v1/markets/{market}/applications"),
            json!({"goods": "枇杷"}),
        )
        .await;
        assert_eq!(applied.status(), 201);
        let id = applied.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        if i < 2 {
            households.push(id);
        }
    }
    app.clock.advance(6 * 86_400 + 9 * 3600 + 60);
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
    let published = drawn.drawn.clone().unwrap();
    assert_eq!((published.places, published.reserved), (3, 2));
    let flagged: Vec<&str> = published
        .entries
        .iter()
        .filter(|e| e.priority)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(flagged.len(), 2);
    assert!(households.iter().all(|h| flagged.contains(&h.as_str())));
    // Both households hold the two kept places, whatever the seed.
    let mut first_two = published.outcome.placed[..2].to_vec();
    first_two.sort();
    let mut expected = households.clone();
    expected.sort();
    assert_eq!(first_two, expected);
    assert_eq!(published.check(&drawn.commitment), Check::Consistent);
}

#[tokio::test]
async fn a_lotterys_kept_places_count_the_stalls_households_already_hold() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139001", &["hu-jinliang"]).await;
    // 60 % of three stalls, rounded up: two kept; one is booked for a household by 代办.
    let market = market_keeping(&app, &organiser, "lottery", 60).await;
    assert_eq!(mark(&app, &organiser, "13700137230").await.status(), 200);
    let stalls = stalls_of(&app, &market).await;
    let for_them = post_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{market}/bookings/on-behalf"),
        json!({"stall_id": stalls[0]["id"], "goods": "布鞋", "name": "王阿婆", "phone": "13700137230"}),
    )
    .await;
    assert_eq!(for_them.status(), 201, "{}", for_them.text().await.unwrap());
    for i in 1..4 {
        let phone = format!("1370013723{i}");
        let token = app.log_in(&phone).await;
        if i == 1 {
            assert_eq!(mark(&app, &organiser, &phone).await.status(), 200);
        }
        let applied = post_as(
            &app,
            &token,
            &format!("/api/v1/markets/{market}/applications"),
            json!({"goods": "枇杷"}),
        )
        .await;
        assert_eq!(applied.status(), 201);
    }
    app.clock.advance(6 * 86_400 + 9 * 3600 + 60);
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
    let published = drawn.drawn.clone().unwrap();
    assert_eq!((published.places, published.reserved), (2, 1));
    assert_eq!(published.check(&drawn.commitment), Check::Consistent);
}
