//! Messages through the outbox: each change a stallholder must hear of reaches them once, by the
//! recording sender, with the market, the stall and the reason.

use jishi_core::message::MessageKind;
use serde_json::{json, Value};

use crate::helpers::{post_as, small_market, spawn_app, Recorded, TestApp};

/// The messages handed over once there are `count` of them (the outbox looks every second).
async fn delivered(app: &TestApp, count: usize) -> Vec<Recorded> {
    for _ in 0..100 {
        let sent = app.sms.messages();
        if sent.len() >= count {
            return sent;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("only {:?} delivered", app.sms.messages());
}

async fn book(app: &TestApp, token: &str, market: &str, stall: &str) -> String {
    let booked: Value = post_as(
        app,
        token,
        &format!("/api/v1/markets/{market}/bookings"),
        json!({"stall_id": stall, "goods": "青菜", "plate": "浙J12345"}),
    )
    .await
    .json()
    .await
    .unwrap();
    booked["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_approval_and_a_rejection_each_reach_their_stallholder_once() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139701", &["hu-jinliang"]).await;
    let first = app.log_in("13700137701").await;
    let second = app.log_in("13700137702").await;
    let market = small_market(
        &app,
        &host,
        "manual",
        json!([{"code": "C01", "zone": "C区", "kind": "car_bay", "fee_fen": 0},
               {"code": "C02", "zone": "C区", "kind": "car_bay", "fee_fen": 0}]),
    )
    .await;
    let approved = book(&app, &first, &market, &format!("{market}-C01")).await;
    let rejected = book(&app, &second, &market, &format!("{market}-C02")).await;

    let path = |id: &str, what: &str| format!("/api/v1/bookings/{id}/{what}");
    let answer = post_as(&app, &host, &path(&approved, "approve"), json!({})).await;
    assert_eq!(answer.status(), 200);
    let answer = post_as(
        &app,
        &host,
        &path(&rejected, "reject"),
        json!({"reason": "只收本村农户"}),
    )
    .await;
    assert_eq!(answer.status(), 200);

    let sent = delivered(&app, 2).await;
    let to = |phone: &str| sent.iter().filter(|m| m.phone == phone).collect::<Vec<_>>();
    let yes = to("13700137701");
    assert_eq!(yes.len(), 1, "{sent:?}");
    assert_eq!(yes[0].kind, MessageKind::Approved);
    assert!(yes[0].text.contains("金良社区小集") && yes[0].text.contains("C01号摊位"));
    assert!(yes[0].text.contains("12月6日"), "{}", yes[0].text);
    let no = to("13700137702");
    assert_eq!(no.len(), 1, "{sent:?}");
    assert_eq!(no[0].kind, MessageKind::Rejected);
    assert!(no[0].text.contains("只收本村农户"), "{}", no[0].text);
    // Nothing is handed over twice, however often the outbox looks.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(app.sms.messages().len(), 2);
}

#[tokio::test]
async fn a_cancelled_market_tells_every_holder_with_the_reason() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139702", &["hu-jinliang"]).await;
    let market = small_market(
        &app,
        &host,
        "auto",
        json!([{"code": "C01", "zone": "C区", "kind": "car_bay", "fee_fen": 0},
               {"code": "C02", "zone": "C区", "kind": "car_bay", "fee_fen": 0},
               {"code": "C03", "zone": "C区", "kind": "car_bay", "fee_fen": 0}]),
    )
    .await;
    let holders = ["13700137711", "13700137712"];
    for (phone, code) in holders.iter().zip(["C01", "C02"]) {
        let token = app.log_in(phone).await;
        book(&app, &token, &market, &format!("{market}-{code}")).await;
    }
    let cancelled = post_as(
        &app,
        &host,
        &format!("/api/v1/markets/{market}/cancel"),
        json!({"reason": "台风预警"}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);

    let sent = delivered(&app, 2).await;
    for phone in holders {
        let theirs: Vec<_> = sent.iter().filter(|m| m.phone == phone).collect();
        assert_eq!(theirs.len(), 1, "{sent:?}");
        assert_eq!(theirs[0].kind, MessageKind::Cancelled);
        assert!(theirs[0].text.contains("台风预警"), "{}", theirs[0].text);
    }
}
