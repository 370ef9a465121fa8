//! Organisers' calls: creating, changing and cancelling markets, monthly series with rotating hosts,
//! and who may do which (the test clock says 2026-11-29 09:00 in China).

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app, TestApp};

const ORGANISER: &str = "13900139001";
const OTHER_ORGANISER: &str = "13900139002";

fn draft() -> Value {
    json!({
        "title": "蒋僧桥村年货集市",
        "kind": "festival",
        "starts_at": "2027-01-23T08:00:00+08:00",
        "ends_at": "2027-01-23T12:00:00+08:00",
        "host_unit": {"id": "hu-jiangsengqiao"},
        "venue": {
            "name": "蒋僧桥村老年活动中心",
            "town": "峰江街道",
            "village": "蒋僧桥村",
            "address": "台州市路桥区峰江街道蒋僧桥村村委会旁"
        },
        "booking": {
            "opens_at": "2027-01-09T09:00:00+08:00",
            "closes_at": "2027-01-22T18:00:00+08:00",
            "approval": "auto"
        },
        "goods": "年货、腊味、手工年糕",
        "contact": {"name": "李主任", "phone": "0576-8239 1001"}
    })
}

/// [`draft`] with the top-level fields of `change` in place of its own.
fn draft_with(change: &Value) -> Value {
    let mut body = draft();
    for (key, value) in change.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn series() -> Value {
    json!({
        "title": "路桥助富集市",
        "kind": "produce_fair",
        "rule": {"week": "first", "weekday": "saturday"},
        "first_month": "2027-03",
        "months": 12,
        "starts": "08:00",
        "ends": "12:00",
        "host_units": ["hu-jiangsengqiao", "hu-jinliang", "hu-xiaotong"],
        "goods": "蔬菜瓜果、苗木花卉",
        "contact": {"name": "李主任", "phone": "0576-8239 1001"},
        "approval": "auto"
    })
}

async fn created_market(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.send(Method::POST, "/api/v1/markets", token, body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn market_count(app: &TestApp) -> usize {
    let body: Value = app
        .get("/api/v1/markets?from=2026-10-01")
        .await
        .json()
        .await
        .unwrap();
    body["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn host_units_are_listed_with_their_usual_venue() {
    let app = spawn_app().await;

    let body: Value = app.get("/api/v1/host-units").await.json().await.unwrap();

    let units = body["items"].as_array().unwrap();
    assert_eq!(units.len(), 6);
    let jiangsengqiao = units
        .iter()
        .find(|u| u["id"] == "hu-jiangsengqiao")
        .unwrap();
    assert_eq!(jiangsengqiao["name"], "蒋僧桥村");
    assert_eq!(jiangsengqiao["venue"]["name"], "蒋僧桥村文化礼堂广场");
    assert!(jiangsengqiao["venue"]["lat"].is_f64());
}

#[tokio::test]
async fn an_organiser_creates_a_market_that_villagers_then_see() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-jiangsengqiao"]).await;

    let market = created_market(&app, &token, &draft()).await;

    let id = market["id"].as_str().unwrap();
    assert_eq!(market["status"], "scheduled");
    assert_eq!(
        market["host_unit"]["name"], "蒋僧桥村",
        "the name is filled in"
    );
    assert_eq!(market["starts_at"], "2027-01-23T08:00:00+08:00");
    assert_eq!(market["stalls"], json!({"total": 0, "free": 0}));
    assert!(
        market["venue"].get("lat").is_none(),
        "a typed-in place has no point"
    );
    let shown: Value = app
        .get(&format!("/api/v1/markets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown, market);
    let listed: Value = app
        .get("/api/v1/markets?from=2027-01-23&to=2027-01-23")
        .await
        .json()
        .await
        .unwrap();
    assert!(listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == id));
}

#[tokio::test]
async fn a_known_place_keeps_its_map_point() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-jiangsengqiao"]).await;
    let units: Value = app.get("/api/v1/host-units").await.json().await.unwrap();
    let mut body = draft();
    body["venue"] = units["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "hu-jiangsengqiao")
        .unwrap()["venue"]
        .clone();
    body["venue"].as_object_mut().unwrap().remove("lat");
    body["venue"].as_object_mut().unwrap().remove("lng");

    let market = created_market(&app, &token, &body).await;

    assert_eq!(market["venue"]["name"], "蒋僧桥村文化礼堂广场");
    assert!(market["venue"]["lat"].is_f64(), "{}", market["venue"]);
}

#[tokio::test]
async fn writes_need_a_session_and_the_organiser_role_for_that_host_unit() {
    let app = spawn_app().await;
    let stallholder = app.log_in("13700137000").await;
    let other = app.log_in_organiser(OTHER_ORGANISER, &["hu-changan"]).await;
    let before = market_count(&app).await;

    let anonymous = app.post("/api/v1/markets", draft()).await;
    assert_eq!(error_code(anonymous).await, (401, "unauthorized".into()));
    for token in [&stallholder, &other] {
        let response = app
            .send(Method::POST, "/api/v1/markets", token, &draft())
            .await;
        assert_eq!(error_code(response).await, (403, "forbidden".into()));
        let response = app
            .send(Method::POST, "/api/v1/series", token, &series())
            .await;
        assert_eq!(error_code(response).await, (403, "forbidden".into()));
    }
    // December's Luqiao market, hosted by 小桐村: the organiser of 长安镇 may not touch it.
    let theirs = "/api/v1/markets/m-luqiao-202612";
    let response = app
        .send(Method::PATCH, theirs, &other, &json!({"goods": "x"}))
        .await;
    assert_eq!(error_code(response).await, (403, "forbidden".into()));
    let cancel = format!("{theirs}/cancel");
    let response = app
        .send(Method::POST, &cancel, &other, &json!({"reason": "雨"}))
        .await;
    assert_eq!(error_code(response).await, (403, "forbidden".into()));
    let unchanged: Value = app.get(theirs).await.json().await.unwrap();
    assert_eq!(unchanged["status"], "scheduled");
    assert_eq!(market_count(&app).await, before, "nothing was written");

    let admin = app.log_in_admin("13600136000").await;
    created_market(&app, &admin, &draft()).await;
}

#[tokio::test]
async fn a_bad_market_is_refused_with_the_right_code_and_nothing_is_written() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-jiangsengqiao"]).await;
    let before = market_count(&app).await;
    let cases: [(&str, Value, u16, &str); 8] = [
        ("blank title", json!({"title": "  "}), 422, "invalid_input"),
        (
            "letters in the phone",
            json!({"contact": {"name": "李", "phone": "call me"}}),
            422,
            "invalid_input",
        ),
        (
            "ends before it starts",
            json!({"ends_at": "2027-01-23T07:00:00+08:00"}),
            422,
            "invalid_date",
        ),
        (
            "already past",
            json!({"starts_at": "2026-11-28T08:00:00+08:00", "ends_at": "2026-11-28T12:00:00+08:00"}),
            422,
            "invalid_date",
        ),
        (
            "booking closes after the end",
            json!({"booking": {"opens_at": "2027-01-09T09:00:00+08:00", "closes_at": "2027-01-24T18:00:00+08:00", "approval": "auto"}}),
            422,
            "invalid_date",
        ),
        (
            "a host unit that does not exist",
            json!({"host_unit": {"id": "hu-nowhere"}}),
            403,
            "forbidden",
        ),
        (
            "an unknown kind",
            json!({"kind": "flea_market"}),
            400,
            "invalid_json",
        ),
        (
            "a date that is not a date",
            json!({"starts_at": "next Saturday"}),
            400,
            "invalid_json",
        ),
    ];
    for (what, change, status, code) in cases {
        let response = app
            .send(
                Method::POST,
                "/api/v1/markets",
                &token,
                &draft_with(&change),
            )
            .await;
        assert_eq!(
            error_code(response).await,
            (status, code.to_owned()),
            "{what}"
        );
    }
    assert_eq!(market_count(&app).await, before);

    let admin = app.log_in_admin("13600136000").await;
    let mut body = draft();
    body["host_unit"] = json!({"id": "hu-nowhere"});
    let response = app
        .send(Method::POST, "/api/v1/markets", &admin, &body)
        .await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
}

#[tokio::test]
async fn control_characters_and_unbounded_dates_are_refused_naming_what_is_wrong() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-jiangsengqiao"]).await;
    let before = market_count(&app).await;
    let cases: [(&str, Value, &str, Option<&str>); 7] = [
        (
            "a bare CR in the goods",
            json!({"goods": "年货\rEND:VEVENT\rBEGIN:VEVENT"}),
            "invalid_input",
            Some("goods"),
        ),
        (
            "a bell in the title",
            json!({"title": "年货\u{7}集市"}),
            "invalid_input",
            Some("title"),
        ),
        (
            "an escape in the address",
            json!({"venue": {"name": "礼堂", "town": "峰江街道", "village": "蒋僧桥村", "address": "村委\u{1b}[2J旁"}}),
            "invalid_input",
            Some("venue.address"),
        ),
        (
            "eight thousand years long",
            json!({"ends_at": "9999-01-23T12:00:00+08:00"}),
            "invalid_date",
            None,
        ),
        (
            "eight days long",
            json!({"ends_at": "2027-01-31T12:00:00+08:00"}),
            "invalid_date",
            None,
        ),
        (
            "the calendar's last day",
            json!({"starts_at": "9999-12-31T08:00:00+08:00", "ends_at": "9999-12-31T23:00:00-00:00"}),
            "invalid_date",
            None,
        ),
        (
            "six years ahead",
            json!({"starts_at": "2032-12-04T08:00:00+08:00", "ends_at": "2032-12-04T12:00:00+08:00",
                   "booking": {"opens_at": "2032-11-20T09:00:00+08:00", "closes_at": "2032-12-03T18:00:00+08:00", "approval": "auto"}}),
            "invalid_date",
            None,
        ),
    ];
    for (what, change, code, field) in cases {
        let response = app
            .send(
                Method::POST,
                "/api/v1/markets",
                &token,
                &draft_with(&change),
            )
            .await;
        assert_eq!(response.status(), 422, "{what}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], code, "{what}");
        assert_eq!(answer["error"]["field"].as_str(), field, "{what}");
    }
    assert_eq!(market_count(&app).await, before);
}

#[tokio::test]
async fn a_calendar_file_carries_no_line_a_market_did_not_write() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-jiangsengqiao"]).await;
    let mut body = draft();
    body["goods"] = json!("年货\r\n腊味; 年糕, 米酒\\");
    let market = created_market(&app, &token, &body).await;

    let ics = app
        .get(&format!(
            "/api/v1/markets/{}/calendar.ics",
            market["id"].as_str().unwrap()
        ))
        .await
        .text()
        .await
        .unwrap();

    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded
        .split("\r\n")
        .all(|line| !line.contains(['\r', '\n'])));
    let description = unfolded
        .split("\r\n")
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(
        description.starts_with("DESCRIPTION:年货\\n腊味\\; 年糕\\, 米酒\\\\\\n"),
        "{description}"
    );
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 1);
}

/// The calendar event's line that starts with `name:` (unfolded), without the name.
async fn ics_value(app: &TestApp, market_path: &str, name: &str) -> String {
    let ics = app
        .get(&format!("{market_path}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap()
        .replace("\r\n ", "");
    ics.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name} in {ics}"))
        .to_owned()
}

#[tokio::test]
async fn each_change_of_a_market_is_a_newer_calendar_event() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-jiangsengqiao"]).await;
    let market = created_market(&app, &token, &draft()).await;
    let path = format!("/api/v1/markets/{}", market["id"].as_str().unwrap());
    let published = (
        ics_value(&app, &path, "SEQUENCE").await,
        ics_value(&app, &path, "LAST-MODIFIED").await,
    );

    app.clock.advance(3600);
    let moved = app
        .send(
            Method::PATCH,
            &path,
            &token,
            &json!({"starts_at": "2027-01-23T09:00:00+08:00", "ends_at": "2027-01-23T13:00:00+08:00"}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let rescheduled = (
        ics_value(&app, &path, "SEQUENCE").await,
        ics_value(&app, &path, "LAST-MODIFIED").await,
    );
    app.send(
        Method::POST,
        &format!("{path}/cancel"),
        &token,
        &json!({"reason": "寒潮预警"}),
    )
    .await;

    assert_eq!(published.0, "0");
    assert_eq!(rescheduled.0, "1");
    assert_eq!(ics_value(&app, &path, "SEQUENCE").await, "2");
    assert!(
        rescheduled.1 > published.1,
        "{rescheduled:?} after {published:?}"
    );
    assert_eq!(ics_value(&app, &path, "DTSTART").await, "20270123T010000Z");
}

#[tokio::test]
async fn a_patch_changes_only_what_it_names() {
    let app = spawn_app().await;
    let token = app
        .log_in_organiser(ORGANISER, &["hu-jiangsengqiao", "hu-jinliang"])
        .await;
    let market = created_market(&app, &token, &draft()).await;
    let path = format!("/api/v1/markets/{}", market["id"].as_str().unwrap());

    let response = app
        .send(
            Method::PATCH,
            &path,
            &token,
            &json!({"goods": "年货、春联", "host_unit": {"id": "hu-jinliang"}}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed["goods"], "年货、春联");
    assert_eq!(changed["host_unit"]["name"], "金良社区");
    for same in [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "venue",
        "booking",
        "contact",
    ] {
        assert_eq!(changed[same], market[same], "{same}");
    }
    let response = app
        .send(
            Method::PATCH,
            &path,
            &token,
            &json!({"host_unit": {"id": "hu-xiaotong"}}),
        )
        .await;
    assert_eq!(
        error_code(response).await,
        (403, "forbidden".into()),
        "not their unit"
    );
    let response = app
        .send(Method::PATCH, &path, &token, &json!({"title": ""}))
        .await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
    let response = app
        .send(
            Method::PATCH,
            "/api/v1/markets/m-nowhere",
            &token,
            &json!({"goods": "x"}),
        )
        .await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
    let shown: Value = app.get(&path).await.json().await.unwrap();
    assert_eq!(shown, changed, "refused patches wrote nothing");
}

#[tokio::test]
async fn a_cancelled_market_says_why_and_can_be_reinstated() {
    let app = spawn_app().await;
    let token = app.log_in_organiser(ORGANISER, &["hu-xiaotong"]).await;
    // December's turn of the Luqiao series is 小桐村's.
    let path = "/api/v1/markets/m-luqiao-202612";

    let response = app
        .send(
            Method::POST,
            &format!("{path}/cancel"),
            &token,
            &json!({"reason": "  "}),
        )
        .await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
    let response = app
        .send(
            Method::POST,
            &format!("{path}/cancel"),
            &token,
            &json!({"reason": "寒潮预警，本月暂停"}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let cancelled: Value = response.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["status_reason"], "寒潮预警，本月暂停");
    let listed: Value = app
        .get("/api/v1/markets?to=2026-12-05")
        .await
        .json()
        .await
        .unwrap();
    let item = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "m-luqiao-202612")
        .cloned()
        .unwrap();
    assert_eq!(item["status_reason"], "寒潮预警，本月暂停");
    let ics = app
        .get(&format!("{path}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ics.contains("STATUS:CANCELLED"));

    let response = app
        .send(Method::PATCH, path, &token, &json!({"status": "postponed"}))
        .await;
    assert_eq!(
        error_code(response).await,
        (422, "invalid_input".into()),
        "postponing needs a reason"
    );
    let response = app
        .send(Method::PATCH, path, &token, &json!({"status": "scheduled"}))
        .await;
    let reinstated: Value = response.json().await.unwrap();
    assert_eq!(reinstated["status"], "scheduled");
    assert!(reinstated.get("status_reason").is_none());
    let response = app
        .send(
            Method::POST,
            "/api/v1/markets/m-nowhere/cancel",
            &token,
            &json!({"reason": "雨"}),
        )
        .await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
}

#[tokio::test]
async fn a_series_rotates_its_host_units_month_by_month_at_their_venues() {
    let app = spawn_app().await;
    let units = ["hu-jiangsengqiao", "hu-jinliang", "hu-xiaotong"];
    let token = app.log_in_organiser(ORGANISER, &units).await;

    let response = app
        .send(Method::POST, "/api/v1/series", &token, &series())
        .await;

    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let markets = created["markets"].as_array().unwrap();
    assert_eq!(markets.len(), 12);
    let hosts: Vec<&str> = markets
        .iter()
        .map(|m| m["host_unit"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(hosts, units.repeat(4));
    let venues: Vec<&str> = markets
        .iter()
        .take(3)
        .map(|m| m["venue"]["village"].as_str().unwrap())
        .collect();
    assert_eq!(venues, ["蒋僧桥村", "金良社区", "小桐村"]);
    let starts: Vec<&str> = markets
        .iter()
        .map(|m| m["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(starts[0], "2027-03-06T08:00:00+08:00");
    assert_eq!(starts[1], "2027-04-03T08:00:00+08:00");
    assert_eq!(starts[11], "2028-02-05T08:00:00+08:00");
    assert_eq!(
        markets[0]["booking"]["opens_at"],
        "2027-02-20T09:00:00+08:00"
    );
    assert_eq!(
        markets[0]["booking"]["closes_at"],
        "2027-03-05T18:00:00+08:00"
    );
    let listed: Value = app
        .get("/api/v1/markets?from=2027-03-01&to=2028-02-29")
        .await
        .json()
        .await
        .unwrap();
    let listed_ids: Vec<&Value> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["id"])
        .collect();
    assert!(markets.iter().all(|m| listed_ids.contains(&&m["id"])));
}

#[tokio::test]
async fn a_series_is_refused_whole() {
    let app = spawn_app().await;
    let token = app
        .log_in_organiser(ORGANISER, &["hu-jiangsengqiao", "hu-jinliang"])
        .await;
    let before = market_count(&app).await;
    let cases: [(&str, Value, u16, &str); 6] = [
        (
            "one unit is not theirs",
            json!({"host_units": ["hu-jiangsengqiao", "hu-xiaotong"]}),
            403,
            "forbidden",
        ),
        (
            "a unit twice",
            json!({"host_units": ["hu-jiangsengqiao", "hu-jinliang", "hu-jiangsengqiao"]}),
            422,
            "invalid_input",
        ),
        ("no months", json!({"months": 0}), 422, "invalid_input"),
        (
            "starting last month",
            json!({"first_month": "2026-11"}),
            422,
            "invalid_date",
        ),
        (
            "ending before it starts",
            json!({"ends": "07:00"}),
            422,
            "invalid_date",
        ),
        (
            "a fifth Saturday",
            json!({"rule": {"week": "fifth", "weekday": "saturday"}}),
            400,
            "invalid_json",
        ),
    ];
    for (what, change, status, code) in cases {
        let mut body = series();
        body["host_units"] = json!(["hu-jiangsengqiao", "hu-jinliang"]);
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let response = app
            .send(Method::POST, "/api/v1/series", &token, &body)
            .await;
        assert_eq!(
            error_code(response).await,
            (status, code.to_owned()),
            "{what}"
        );
    }
    assert_eq!(
        market_count(&app).await,
        before,
        "no market of a refused series was written"
    );
}
