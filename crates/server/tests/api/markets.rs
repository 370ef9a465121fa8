//! The public market calls against the demo schedule (seeded for 2026-11-29 by the test clock).

use serde_json::Value;

use crate::helpers::spawn_app;

async fn items(app: &crate::helpers::TestApp, query: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/v1/markets{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let body: Value = response.json().await.unwrap();
    body["items"].as_array().unwrap().clone()
}

fn field<'a>(markets: &'a [Value], name: &str) -> Vec<&'a str> {
    markets.iter().map(|m| m[name].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_list_starts_today_in_china_and_runs_soonest_first() {
    let app = spawn_app().await;

    let markets = items(&app, "").await;

    let starts = field(&markets, "starts_at");
    assert!(!starts.is_empty());
    assert!(starts.iter().all(|s| s.ends_with("+08:00")), "{starts:?}");
    assert!(starts.iter().all(|s| *s >= "2026-11-29"), "{starts:?}");
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    assert!(
        starts.iter().any(|s| s.starts_with("2026-12-05T08:00")),
        "next month's first Saturday"
    );
}

#[tokio::test]
async fn from_and_to_pick_china_days_inclusively() {
    let app = spawn_app().await;

    let last_month = items(&app, "?from=2026-10-01&to=2026-10-31").await;
    let one_day = items(&app, "?from=2026-12-05&to=2026-12-05").await;

    assert!(!last_month.is_empty());
    assert!(field(&last_month, "starts_at")
        .iter()
        .all(|s| s.starts_with("2026-10")));
    assert_eq!(field(&one_day, "id"), ["m-luqiao-202612"]);
    assert_eq!(
        one_day[0]["host_unit"]["name"], "小桐村",
        "December's turn in the rotation"
    );
}

#[tokio::test]
async fn town_and_kind_filter_the_list() {
    let app = spawn_app().await;

    let canal = items(&app, "?town=新市镇").await;
    let trunk = items(&app, "?kind=trunk_market").await;

    assert!(!canal.is_empty());
    assert!(canal.iter().all(|m| m["venue"]["town"] == "新市镇"));
    assert!(!trunk.is_empty());
    assert!(trunk.iter().all(|m| m["kind"] == "trunk_market"));
}

#[tokio::test]
async fn a_cancelled_market_is_listed_with_its_reason() {
    let app = spawn_app().await;

    let markets = items(&app, "?from=2026-10-01&to=2027-03-31").await;

    let cancelled: Vec<_> = markets
        .iter()
        .filter(|m| m["status"] == "cancelled")
        .collect();
    assert_eq!(cancelled.len(), 1);
    assert!(cancelled[0]["status_reason"]
        .as_str()
        .unwrap()
        .contains("暂停"));
}

#[tokio::test]
async fn bad_dates_and_kinds_are_refused() {
    let app = spawn_app().await;

    for (query, code) in [
        ("?from=2026-13-01", "invalid_date"),
        ("?from=12/06/2026", "invalid_date"),
        ("?to=tomorrow", "invalid_date"),
        ("?from=2026-12-10&to=2026-12-01", "invalid_date"),
        ("?kind=flea_market", "invalid_input"),
    ] {
        let response = app.get(&format!("/api/v1/markets{query}")).await;

        assert_eq!(response.status(), 422, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{query}");
    }
}

#[tokio::test]
async fn a_market_has_everything_its_page_shows() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/markets/m-xiaotong-loquat").await;

    assert_eq!(response.status(), 200);
    let market: Value = response.json().await.unwrap();
    assert_eq!(market["title"], "枇杷文化节共富集市");
    assert_eq!(market["kind"], "festival");
    assert_eq!(market["status"], "scheduled");
    assert_eq!(market["host_unit"]["name"], "小桐村");
    assert_eq!(market["venue"]["town"], "桐屿街道");
    assert_eq!(market["venue"]["village"], "小桐村");
    assert_eq!(market["stalls"]["total"], 30);
    assert_eq!(market["stalls"]["free"], 30);
    assert_eq!(market["booking"]["approval"], "manual");
    assert!(
        market["booking"]["opens_at"].as_str().unwrap()
            < market["booking"]["closes_at"].as_str().unwrap()
    );
    assert!(market["contact"]["phone"]
        .as_str()
        .is_some_and(|p| !p.is_empty()));
}

#[tokio::test]
async fn unknown_markets_are_not_found() {
    let app = spawn_app().await;

    for path in [
        "/api/v1/markets/m-nowhere",
        "/api/v1/markets/m-nowhere/stalls",
        "/api/v1/markets/m-nowhere/calendar.ics",
    ] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn the_stall_list_matches_the_summary() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/markets/m-luqiao-202612/stalls").await;
    let body: Value = response.json().await.unwrap();
    let stalls = body["items"].as_array().unwrap();

    assert_eq!(stalls.len(), 26);
    let codes: std::collections::HashSet<_> =
        stalls.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), stalls.len(), "codes are unique");
    assert!(stalls
        .iter()
        .any(|s| s["kind"] == "car_bay" && s["fee_fen"] == 2000));
    assert!(stalls
        .iter()
        .any(|s| s["kind"] == "booth" && s["power"] == true));
    assert!(stalls.iter().all(|s| s["status"] == "free"));
}

#[tokio::test]
async fn a_market_downloads_as_an_icalendar_event() {
    let app = spawn_app().await;

    let response = app
        .get("/api/v1/markets/m-luqiao-202612/calendar.ics")
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = response.text().await.unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(unfolded.contains("SUMMARY:小桐村助富集市 · 特色农产品展销\r\n"));
    // 8:00 in China is 0:00 UTC.
    assert!(unfolded.contains("DTSTART:20261205T000000Z\r\n"));
    assert!(unfolded.contains("DTEND:20261205T040000Z\r\n"));
    assert!(unfolded.contains("STATUS:CONFIRMED"));
    assert!(ics.lines().all(|l| l.len() <= 75));
}

#[tokio::test]
async fn a_cancelled_market_is_cancelled_in_the_calendar_too() {
    let app = spawn_app().await;

    let ics = app
        .get("/api/v1/markets/m-jinliang-trunk-b/calendar.ics")
        .await
        .text()
        .await
        .unwrap();

    assert!(ics.contains("STATUS:CANCELLED"));
}

#[tokio::test]
async fn places_with_and_without_a_point_are_written_in_any_order() {
    // On PostgreSQL a connection that once wrote a place without a point must still write one
    // with a point (sqlx's Any driver typed a missing f64 as float4).
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139961", &["hu-jinliang"]).await;
    for n in 0..48 {
        let mut venue = serde_json::json!({"name": format!("新场地{n}"), "town": "新桥镇",
            "village": "金良社区", "address": format!("金良社区{n}号")});
        if n % 3 != 0 {
            venue["lat"] = serde_json::json!(28.55 + f64::from(n) / 1000.0);
            venue["lng"] = serde_json::json!(121.37);
        }
        let created = crate::helpers::post_as(
            &app,
            &organiser,
            "/api/v1/markets",
            serde_json::json!({
                "title": format!("金良社区小集{n}"),
                "kind": "trunk_market",
                "starts_at": "2026-12-06T16:00:00+08:00",
                "ends_at": "2026-12-06T20:00:00+08:00",
                "host_unit": {"id": "hu-jinliang"},
                "venue": venue,
                "booking": {"opens_at": "2026-11-28T09:00:00+08:00",
                            "closes_at": "2026-12-05T18:00:00+08:00", "approval": "auto"},
                "contact": {"name": "王社长", "phone": "0576-8238 2002"}
            }),
        )
        .await;
        assert_eq!(
            created.status(),
            201,
            "{n}: {}",
            created.text().await.unwrap()
        );
    }
}
