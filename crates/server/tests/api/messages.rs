//! Messages through the outbox: each change a stallholder must hear of reaches them once, by the
//! recording sender, with the market, the stall and the reason.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{extract::Query, routing::get, Json, Router};
use jishi_server::sms::{AliyunConfig, AliyunSender};

use jishi_core::message::MessageKind;
use serde_json::{json, Value};

use reqwest::Method;

use crate::helpers::{
    error_code, get_as, post_as, small_market, spawn_app, spawn_app_with_message_sender,
    FailingSender, Recorded, TestApp,
};

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
    let mut held = Vec::new();
    for (phone, code) in holders.iter().zip(["C01", "C02"]) {
        let token = app.log_in(phone).await;
        let booking = book(&app, &token, &market, &format!("{market}-{code}")).await;
        held.push((token, booking));
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
    // The booking itself says its market is off, and why.
    let (token, booking) = &held[0];
    let seen: Value = get_as(&app, token, &format!("/api/v1/bookings/{booking}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["market_status"], "cancelled");
    assert_eq!(seen["market_status_reason"], "台风预警");
}

/// A market of hu-jinliang (2026-12-06 16:00) with car bays `C01`…`C0n`, approval as given.
async fn bays(app: &TestApp, host: &str, approval: &str, n: usize) -> String {
    let items: Vec<Value> = (1..=n)
        .map(
            |i| json!({"code": format!("C{i:02}"), "zone": "C区", "kind": "car_bay", "fee_fen": 0}),
        )
        .collect();
    small_market(app, host, approval, json!(items)).await
}

async fn settings(app: &TestApp, token: &str, body: Value) {
    let put = app
        .authed(Method::PUT, "/api/v1/me/settings", token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let kept: Value = get_as(app, token, "/api/v1/me/settings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kept, body);
}

/// The messages of booking `id` as `token` sees them.
async fn of_booking(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let answer: Value = get_as(app, token, &format!("/api/v1/bookings/{id}/messages"))
        .await
        .json()
        .await
        .unwrap();
    answer["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_message_is_in_the_language_its_reader_chose() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139703", &["hu-jinliang"]).await;
    let reader = app.log_in("13700137721").await;
    settings(
        &app,
        &reader,
        json!({"reminders": true, "quiet_hours": true, "lang": "en"}),
    )
    .await;
    let market = bays(&app, &host, "manual", 1).await;
    let booking = book(&app, &reader, &market, &format!("{market}-C01")).await;
    post_as(
        &app,
        &host,
        &format!("/api/v1/bookings/{booking}/approve"),
        json!({}),
    )
    .await;

    let sent = delivered(&app, 1).await;
    assert_eq!(sent[0].kind, MessageKind::Approved);
    assert!(
        sent[0].text.starts_with("Your stall C01"),
        "{}",
        sent[0].text
    );
    assert!(sent[0].text.contains("Sun 6 Dec"), "{}", sent[0].text);
}

#[tokio::test]
async fn quiet_hours_keep_a_message_until_eight_unless_the_reader_turned_them_off() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139704", &["hu-jinliang"]).await;
    let sleeper = app.log_in("13700137731").await;
    let night_owl = app.log_in("13700137732").await;
    settings(
        &app,
        &night_owl,
        json!({"reminders": true, "quiet_hours": false, "lang": "zh-CN"}),
    )
    .await;
    let market = bays(&app, &host, "manual", 2).await;
    let first = book(&app, &sleeper, &market, &format!("{market}-C01")).await;
    let second = book(&app, &night_owl, &market, &format!("{market}-C02")).await;
    // 2026-11-29 22:00 in China.
    app.clock.advance(13 * 3600);
    for id in [&first, &second] {
        post_as(
            &app,
            &host,
            &format!("/api/v1/bookings/{id}/approve"),
            json!({}),
        )
        .await;
    }

    let sent = delivered(&app, 1).await;
    assert_eq!(
        sent[0].phone, "13700137732",
        "only the night owl hears at 22:00"
    );
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(app.sms.messages().len(), 1);
    let waiting = of_booking(&app, &sleeper, &first).await;
    assert_eq!(waiting[0]["status"], "queued");

    // 08:00 the next morning.
    app.clock.advance(10 * 3600);
    let sent = delivered(&app, 2).await;
    assert_eq!(sent[1].phone, "13700137731");
    let arrived = of_booking(&app, &sleeper, &first).await;
    assert_eq!(arrived[0]["status"], "sent");
    assert_eq!(arrived[0]["sent_at"], "2026-11-30T08:00:00+08:00");
}

#[tokio::test]
async fn the_reminder_goes_once_the_day_before_to_those_who_want_it() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139705", &["hu-jinliang"]).await;
    let wants = app.log_in("13700137741").await;
    let declines = app.log_in("13700137742").await;
    settings(
        &app,
        &declines,
        json!({"reminders": false, "quiet_hours": true, "lang": "zh-CN"}),
    )
    .await;
    let market = bays(&app, &host, "auto", 2).await;
    let booking = book(&app, &wants, &market, &format!("{market}-C01")).await;
    book(&app, &declines, &market, &format!("{market}-C02")).await;

    // 2026-12-05 16:59: not yet.
    app.clock.advance(6 * 86_400 + 7 * 3600 + 59 * 60);
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert!(app.sms.messages().is_empty());
    // 17:00, and again a few minutes later.
    app.clock.advance(60);
    let sent = delivered(&app, 1).await;
    assert_eq!(sent[0].kind, MessageKind::Reminder);
    assert_eq!(sent[0].phone, "13700137741");
    assert!(sent[0].text.contains("C01号"), "{}", sent[0].text);
    assert!(
        sent[0].text.contains(&format!("/stall/b/{booking}")),
        "{}",
        sent[0].text
    );
    app.clock.advance(5 * 60);
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(app.sms.messages().len(), 1, "{:?}", app.sms.messages());
}

#[tokio::test]
async fn a_provider_that_keeps_refusing_is_tried_six_times_and_the_failure_is_shown() {
    let app = spawn_app_with_message_sender(Arc::new(FailingSender)).await;
    let host = app.log_in_organiser("13900139706", &["hu-jinliang"]).await;
    let holder = app.log_in("13700137751").await;
    let market = bays(&app, &host, "manual", 1).await;
    let booking = book(&app, &holder, &market, &format!("{market}-C01")).await;
    post_as(
        &app,
        &host,
        &format!("/api/v1/bookings/{booking}/approve"),
        json!({}),
    )
    .await;

    let mut attempts = 0;
    for _ in 0..200 {
        let message = of_booking(&app, &host, &booking).await.remove(0);
        attempts = message["attempts"].as_u64().unwrap();
        if message["status"] == "failed" {
            assert_eq!(attempts, 6);
            assert!(message["error"].as_str().unwrap().contains("provider down"));
            return;
        }
        // Between tries, or caught during one.
        assert!(
            message["status"] == "queued" || message["status"] == "sending",
            "{message}"
        );
        // Past the longest pause between tries.
        app.clock.advance(7_200);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("still not given up after {attempts} tries");
}

#[tokio::test]
async fn past_the_monthly_limit_only_cancellations_go_out_and_the_count_says_so() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139707", &["hu-jinliang"]).await;
    let limit = app
        .authed(
            Method::PUT,
            "/api/v1/host-units/hu-jinliang/messages/limit",
            &host,
        )
        .json(&json!({"limit": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(limit.status(), 200);
    let market = bays(&app, &host, "manual", 2).await;
    let mut bookings = Vec::new();
    for (phone, code) in [("13700137761", "C01"), ("13700137762", "C02")] {
        let token = app.log_in(phone).await;
        bookings.push(book(&app, &token, &market, &format!("{market}-{code}")).await);
    }
    for id in &bookings {
        post_as(
            &app,
            &host,
            &format!("/api/v1/bookings/{id}/approve"),
            json!({}),
        )
        .await;
    }
    let held = of_booking(&app, &host, &bookings[1]).await;
    assert_eq!(held[0]["status"], "over_limit");
    post_as(
        &app,
        &host,
        &format!("/api/v1/markets/{market}/cancel"),
        json!({"reason": "暴雨"}),
    )
    .await;

    let sent = delivered(&app, 3).await;
    let kinds: Vec<MessageKind> = sent.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == MessageKind::Approved)
            .count(),
        1
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == MessageKind::Cancelled)
            .count(),
        2
    );
    let usage: Value = get_as(&app, &host, "/api/v1/host-units/hu-jinliang/messages")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(usage["month"], "2026-11");
    assert_eq!(usage["limit"], 1);
    assert_eq!(usage["sent"], 3);
    assert_eq!(usage["over_limit"], 1);
    assert_eq!(usage["markets"][0]["market_id"], market.as_str());
    assert_eq!(usage["markets"][0]["sent"], 3);
    let stranger = app.log_in_organiser("13900139708", &["hu-xiaotong"]).await;
    let refused = get_as(&app, &stranger, "/api/v1/host-units/hu-jinliang/messages").await;
    assert_eq!(error_code(refused).await, (403, "forbidden".into()));
}

#[tokio::test]
async fn a_bookings_messages_are_its_holders_and_organisers_and_no_one_elses() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139709", &["hu-jinliang"]).await;
    let holder = app.log_in("13700137771").await;
    let stranger = app.log_in("13700137772").await;
    let market = bays(&app, &host, "manual", 1).await;
    let booking = book(&app, &holder, &market, &format!("{market}-C01")).await;
    post_as(
        &app,
        &host,
        &format!("/api/v1/bookings/{booking}/reject"),
        json!({"reason": "摊位已满"}),
    )
    .await;

    let theirs = of_booking(&app, &holder, &booking).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["kind"], "rejected");
    assert_eq!(theirs[0]["booking_id"], booking.as_str());
    assert!(theirs[0]["text"].as_str().unwrap().contains("摊位已满"));
    let all: Value = get_as(&app, &host, &format!("/api/v1/markets/{market}/messages"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    let hidden = get_as(
        &app,
        &stranger,
        &format!("/api/v1/bookings/{booking}/messages"),
    )
    .await;
    assert_eq!(error_code(hidden).await, (404, "not_found".into()));
    let not_theirs = get_as(
        &app,
        &stranger,
        &format!("/api/v1/markets/{market}/messages"),
    )
    .await;
    assert_eq!(error_code(not_theirs).await, (403, "forbidden".into()));
}

async fn notices(app: &TestApp, market: &str) -> Vec<Value> {
    let answer: Value = app
        .get(&format!("/api/v1/markets/{market}/notices"))
        .await
        .json()
        .await
        .unwrap();
    answer["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_market_offers_group_notices_for_what_changed_with_its_link() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139710", &["hu-jinliang"]).await;
    let market = bays(&app, &host, "auto", 3).await;
    let open = notices(&app, &market).await;
    let kinds: Vec<&str> = open.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["new", "booking_open", "stalls_free"]);
    let free = open[2]["text"].as_str().unwrap();
    assert!(
        free.contains("还剩3个摊位") && free.contains(&format!("/m/{market}")),
        "{free}"
    );

    post_as(
        &app,
        &host,
        &format!("/api/v1/markets/{market}/cancel"),
        json!({"reason": "台风"}),
    )
    .await;
    let cancelled = notices(&app, &market).await;
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0]["kind"], "cancelled");
    let text = cancelled[0]["text"].as_str().unwrap();
    assert!(text.contains("台风") && text.contains("12月6日"), "{text}");

    let postponed = app
        .authed(Method::PATCH, &format!("/api/v1/markets/{market}"), &host)
        .json(&json!({"status": "postponed", "status_reason": "改到下周日", "starts_at": "2026-12-13T16:00:00+08:00", "ends_at": "2026-12-13T20:00:00+08:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(postponed.status(), 200);
    let moved = notices(&app, &market).await;
    assert_eq!(moved[0]["kind"], "postponed");
    let text = moved[0]["text"].as_str().unwrap();
    assert!(
        text.contains("改到下周日") && text.contains("12月13日"),
        "{text}"
    );
    let missing = app.get("/api/v1/markets/m-nowhere/notices").await;
    assert_eq!(error_code(missing).await, (404, "not_found".into()));
}

/// A stand-in Alibaba Cloud endpoint that fails its first `failures` sends, then takes each
/// message (what it was asked, by `OutId`, in order), and answers receipts with `receipt` (1
/// waiting, 2 not delivered, 3 delivered).
#[derive(Clone, Default)]
struct FlakyProvider {
    failures: usize,
    receipt: i64,
    calls: Arc<Mutex<Vec<(String, bool)>>>,
}

impl FlakyProvider {
    async fn start(failures: usize, receipt: i64) -> (Self, String) {
        let provider = Self {
            failures,
            receipt,
            ..Self::default()
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/", listener.local_addr().unwrap());
        let answering = provider.clone();
        let router = Router::new().route(
            "/",
            get(move |Query(query): Query<HashMap<String, String>>| {
                let provider = answering.clone();
                async move { Json(provider.answer(&query)) }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (provider, endpoint)
    }

    fn answer(&self, query: &HashMap<String, String>) -> Value {
        if query.get("Action").map(String::as_str) == Some("QuerySendDetails") {
            let known = query.get("BizId").map(String::as_str) == Some("biz-1");
            let detail = json!({"SendStatus": self.receipt, "ErrCode": "MOBILE_NOT_ON_SERVICE"});
            return json!({
                "Code": if known { "OK" } else { "isv.INVALID_PARAMETERS" },
                "SmsSendDetailDTOs": {"SmsSendDetailDTO": [detail]}
            });
        }
        let mut calls = self.calls.lock().unwrap();
        let ok = calls.len() >= self.failures;
        calls.push((query.get("OutId").cloned().unwrap_or_default(), ok));
        if ok {
            json!({"Code": "OK", "Message": "OK", "BizId": "biz-1"})
        } else {
            json!({"Code": "isp.SYSTEM_ERROR", "Message": "try later"})
        }
    }

    fn calls(&self) -> Vec<(String, bool)> {
        self.calls.lock().unwrap().clone()
    }
}

fn aliyun(endpoint: String) -> AliyunSender {
    AliyunSender::new(AliyunConfig {
        access_key_id: "key".into(),
        access_key_secret: "secret".into(),
        sign_name: "集市通".into(),
        template_code: "SMS_000001".into(),
        message_templates: vec![(MessageKind::Approved, "SMS_000002".into())],
        endpoint,
    })
}

/// Approves a booking at `app`; the booking and its holder's token.
async fn approved_through(app: &TestApp) -> (String, String) {
    let host = app.log_in_organiser("13900139711", &["hu-jinliang"]).await;
    let holder = app.log_in("13700137781").await;
    let market = bays(app, &host, "manual", 1).await;
    let booking = book(app, &holder, &market, &format!("{market}-C01")).await;
    post_as(
        app,
        &host,
        &format!("/api/v1/bookings/{booking}/approve"),
        json!({}),
    )
    .await;
    (booking, holder)
}

/// The booking's one message once its status is none of `passing` (the clock moved on meanwhile,
/// past retries and receipts' pauses).
async fn once_past(app: &TestApp, holder: &str, booking: &str, passing: &[&str]) -> Value {
    for _ in 0..100 {
        let message = of_booking(app, holder, booking).await.remove(0);
        if !passing.contains(&message["status"].as_str().unwrap()) {
            return message;
        }
        app.clock.advance(120);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("still one of {passing:?}");
}

#[tokio::test]
async fn aliyun_failing_then_recovering_delivers_the_message_once_under_its_id() {
    let (provider, endpoint) = FlakyProvider::start(2, 3).await;
    let app = spawn_app_with_message_sender(Arc::new(aliyun(endpoint))).await;
    let (booking, holder) = approved_through(&app).await;

    let message = once_past(&app, &holder, &booking, &["queued", "sending", "sent"]).await;
    // Handed over on the third try, and the receipt says it reached the phone.
    assert_eq!(message["status"], "delivered", "{message}");
    assert_eq!(message["attempts"], 3);
    let calls = provider.calls();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert!(calls
        .iter()
        .all(|(id, _)| id == message["id"].as_str().unwrap()));
    assert_eq!(calls.iter().filter(|(_, ok)| *ok).count(), 1, "{calls:?}");
}

#[tokio::test]
async fn a_receipt_that_says_the_text_did_not_arrive_is_shown_with_the_reason() {
    let (_provider, endpoint) = FlakyProvider::start(0, 2).await;
    let app = spawn_app_with_message_sender(Arc::new(aliyun(endpoint))).await;
    let (booking, holder) = approved_through(&app).await;

    let message = once_past(&app, &holder, &booking, &["queued", "sending", "sent"]).await;
    assert_eq!(message["status"], "undelivered", "{message}");
    assert_eq!(message["error"], "MOBILE_NOT_ON_SERVICE");
}

#[tokio::test]
async fn a_freed_stall_a_postponement_and_a_no_show_each_reach_the_one_they_concern() {
    let app = spawn_app().await;
    let host = app.log_in_organiser("13900139712", &["hu-jinliang"]).await;
    let first = app.log_in("13700137791").await;
    let waiting = app.log_in("13700137792").await;
    let market = bays(&app, &host, "auto", 1).await;
    let freed = book(&app, &first, &market, &format!("{market}-C01")).await;
    let line = format!("/api/v1/markets/{market}/waitlist");
    let joined = post_as(
        &app,
        &waiting,
        &line,
        json!({"goods": "萝卜", "plate": "浙J22222"}),
    )
    .await;
    assert_eq!(joined.status(), 201);

    post_as(
        &app,
        &first,
        &format!("/api/v1/bookings/{freed}/cancel"),
        json!({}),
    )
    .await;
    let sent = delivered(&app, 1).await;
    assert_eq!(
        (sent[0].kind, sent[0].phone.as_str()),
        (MessageKind::Offered, "13700137792")
    );
    assert!(sent[0].text.contains("C01号摊位归您了"), "{}", sent[0].text);

    let moved = app
        .authed(Method::PATCH, &format!("/api/v1/markets/{market}"), &host)
        .json(&json!({"status": "postponed", "status_reason": "场地要用", "starts_at": "2026-12-13T16:00:00+08:00", "ends_at": "2026-12-13T20:00:00+08:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    let sent = delivered(&app, 2).await;
    assert_eq!(
        (sent[1].kind, sent[1].phone.as_str()),
        (MessageKind::Postponed, "13700137792")
    );
    assert!(
        sent[1].text.contains("场地要用") && sent[1].text.contains("12月13日"),
        "{}",
        sent[1].text
    );

    // 12-13 17:00, an hour after the opening: the stallholder did not come.
    app.clock.advance(14 * 86_400 + 8 * 3600);
    let held: Value = get_as(&app, &waiting, "/api/v1/me/bookings")
        .await
        .json()
        .await
        .unwrap();
    let theirs = held["items"][0]["id"].as_str().unwrap().to_owned();
    let marked = post_as(
        &app,
        &host,
        &format!("/api/v1/bookings/{theirs}/no-show"),
        json!({}),
    )
    .await;
    assert_eq!(marked.status(), 200);
    let sent = delivered(&app, 3).await;
    assert_eq!(
        (sent[2].kind, sent[2].phone.as_str()),
        (MessageKind::NoShow, "13700137792")
    );
    assert!(
        sent[2].text.contains("0576-8238 2002"),
        "how to appeal: {}",
        sent[2].text
    );
    assert!(sent.iter().all(|m| m.phone != "13700137791"), "{sent:?}");
}
