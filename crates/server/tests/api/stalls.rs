//! Stall layouts: organisers lay out a market's stalls by zone, or copy an earlier market's of the
//! same series; a held stall cannot be taken away.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app, TestApp};

async fn put_layout(app: &TestApp, token: &str, market: &str, items: Value) -> reqwest::Response {
    app.authed(
        Method::PUT,
        &format!("/api/v1/markets/{market}/stalls"),
        token,
    )
    .json(&json!({ "items": items }))
    .send()
    .await
    .unwrap()
}

fn layout() -> Value {
    json!([
        {"code": "a01", "zone": "A区 农产品", "kind": "booth", "fee_fen": 0, "notes": "靠近入口"},
        {"code": "A02", "zone": "A区 农产品", "kind": "booth", "fee_fen": 0, "power": true},
        {"code": "B01", "zone": "B区 后备箱", "kind": "car_bay", "fee_fen": 2000},
        {"code": "C01", "zone": "C区 美食", "kind": "booth", "fee_fen": 5000, "closed": true}
    ])
}

#[tokio::test]
async fn an_organiser_lays_out_a_new_market_and_villagers_see_the_free_stalls() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139041", &["hu-changan"]).await;

    let response = put_layout(&app, &host, "m-changan-flowers", layout()).await;

    assert_eq!(response.status(), 200);
    let stalls: Value = response.json().await.unwrap();
    let items = stalls["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["code"], "A01", "codes are upper-cased");
    assert_eq!(items[0]["notes"], "靠近入口");
    assert_eq!(items[3]["status"], "closed");
    let market: Value = app
        .get("/api/v1/markets/m-changan-flowers")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(market["stalls"], json!({"total": 4, "free": 3}));
}

#[tokio::test]
async fn a_bad_layout_or_someone_elses_market_is_refused() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139042", &["hu-changan"]).await;
    let other = app.log_in_organiser("13900139043", &["hu-songshi"]).await;

    let twice = json!([{"code": "A01", "zone": "A", "kind": "booth", "fee_fen": 0},
                       {"code": "a01", "zone": "A", "kind": "booth", "fee_fen": 0}]);
    let response = put_layout(&app, &host, "m-changan-flowers", twice).await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
    let negative = json!([{"code": "A01", "zone": "A", "kind": "booth", "fee_fen": -5}]);
    let response = put_layout(&app, &host, "m-changan-flowers", negative).await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
    let response = put_layout(&app, &other, "m-changan-flowers", layout()).await;
    assert_eq!(error_code(response).await, (403, "forbidden".into()));
    let response = put_layout(&app, &host, "m-nothing", layout()).await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
    let market: Value = app
        .get("/api/v1/markets/m-changan-flowers")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        market["stalls"]["total"], 26,
        "the demo layout is untouched"
    );
}

#[tokio::test]
async fn a_held_stall_cannot_be_laid_away_and_a_once_booked_one_stays_closed() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139044", &["hu-xiaotong"]).await;
    let stallholder = app.log_in("13700137301").await;
    let market = "m-luqiao-202612";
    let booked: Value = app
        .authed(
            Method::POST,
            &format!("/api/v1/markets/{market}/bookings"),
            &stallholder,
        )
        .json(&json!({"stall_id": format!("{market}-A01"), "goods": "青菜"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let without_a01 = json!([{"code": "A02", "zone": "A区", "kind": "booth", "fee_fen": 0}]);

    let response = put_layout(&app, &host, market, without_a01.clone()).await;
    assert_eq!(error_code(response).await, (409, "wrong_status".into()));

    let cancel = format!("/api/v1/bookings/{}/cancel", booked["id"].as_str().unwrap());
    app.authed(Method::POST, &cancel, &stallholder)
        .send()
        .await
        .unwrap();
    let stalls: Value = put_layout(&app, &host, market, without_a01)
        .await
        .json()
        .await
        .unwrap();
    let mut codes: Vec<(&str, &str)> = stalls["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["code"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [("A01", "closed"), ("A02", "free")],
        "kept closed for the booking's history"
    );
}

#[tokio::test]
async fn a_layout_is_copied_from_an_earlier_market_of_the_same_series_only() {
    let app = spawn_app().await;
    let organiser = app
        .log_in_organiser("13900139045", &["hu-jiangsengqiao"])
        .await;
    let copy = |from: &str| {
        app.authed(
            Method::POST,
            "/api/v1/markets/m-luqiao-202701/stalls/copy",
            &organiser,
        )
        .json(&json!({ "from": from }))
    };

    let response = copy("m-luqiao-202612").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let stalls: Value = response.json().await.unwrap();
    assert_eq!(stalls["items"].as_array().unwrap().len(), 26);
    let response = copy("previous").send().await.unwrap();
    assert_eq!(
        response.status(),
        200,
        "the December market is the one before January's"
    );
    let response = app
        .authed(
            Method::POST,
            "/api/v1/markets/m-changan-flowers/stalls/copy",
            &organiser,
        )
        .json(&json!({ "from": "previous" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await.0, 403, "not theirs");
    let response = copy("m-changan-flowers").send().await.unwrap();
    assert_eq!(
        error_code(response).await,
        (422, "invalid_input".into()),
        "another series"
    );
    let response = copy("m-nothing").send().await.unwrap();
    assert_eq!(error_code(response).await, (404, "not_found".into()));
}
