//! 共富 reports over HTTP, against a month seeded here by hand: April 2027, when the demo schedule
//! (last month to three months ahead of the test clock's 2026-11-29) has no market, so every
//! number below is counted from what this test did.
//!
//! 金良社区 holds two markets that April: a produce fair on the 3rd (five stalls, one closed; three
//! booked, two holders come, one never does; three visitors; three products of two workshops
//! shown) and a trunk market on the 17th (three bays; two booked, one holder comes, one is marked
//! absent; two visitors; one product shown again). One more is cancelled, one is still to come on
//! the 30th when the report is read on the 25th; another unit's market and a May market of its own
//! are outside. Four people held stalls: 小桐村's (a priority household, at both markets), two of
//! 金良社区 (one a priority household) and one who gave no village; a fifth booked and cancelled.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{connect_db, error_code, get_as, post_as, spawn_app, stalls_of, TestApp};

const UNIT: &str = "hu-jinliang";
/// From the test clock's 2026-11-29 09:00 +08:00 to a day of April 2027 at `hour`.
fn to_april(day: i64, hour: i64) -> i64 {
    // 2027-04-01 00:00 +08:00 is 1_806_508_800.
    1_806_508_800 + (day - 1) * 86_400 + hour * 3600 - 1_795_914_000
}

/// A market of `unit` on `day` (a `2027-04-03`-style date) from `hours`, booking open from the
/// test clock until the day before; laid out with `stalls` (`(code, closed)`); its id.
async fn market(
    app: &TestApp,
    organiser: &str,
    unit: &str,
    kind: &str,
    day: &str,
    hours: (u8, u8),
    stalls: &[(&str, bool)],
) -> String {
    let created = post_as(
        app,
        organiser,
        "/api/v1/markets",
        json!({
            "title": format!("{day} 集市"),
            "kind": kind,
            "starts_at": format!("{day}T{:02}:00:00+08:00", hours.0),
            "ends_at": format!("{day}T{:02}:00:00+08:00", hours.1),
            "host_unit": {"id": unit},
            "venue": {"name": "金良社区稻香果园停车场", "town": "新桥镇", "village": "金良社区",
                      "address": "台州市路桥区新桥镇金良社区二嫂乡苑北侧"},
            "booking": {"opens_at": "2026-11-28T09:00:00+08:00",
                        "closes_at": format!("{day}T00:00:00+08:00"), "approval": "auto"},
            "contact": {"name": "王社长", "phone": "0576-8238 2002"}
        }),
    )
    .await;
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let items: Vec<Value> = stalls
        .iter()
        .map(|(code, closed)| {
            let kind = if kind == "trunk_market" {
                "car_bay"
            } else {
                "booth"
            };
            json!({"code": code, "zone": "A区", "kind": kind, "fee_fen": 0, "closed": closed})
        })
        .collect();
    let laid = app
        .send(
            Method::PUT,
            &format!("/api/v1/markets/{id}/stalls"),
            organiser,
            &json!({ "items": items }),
        )
        .await;
    assert_eq!(laid.status(), 200);
    id
}

/// Logs `phone` in with `village` set; the session.
async fn stallholder(app: &TestApp, phone: &str, village: &str) -> String {
    let token = app.log_in(phone).await;
    if !village.is_empty() {
        let set = app
            .send(
                Method::PATCH,
                "/api/v1/me",
                &token,
                &json!({ "village": village }),
            )
            .await;
        assert_eq!(set.status(), 200);
    }
    token
}

/// Books stall `code` of `market` as `token`; the booking.
async fn book(app: &TestApp, token: &str, market: &str, code: &str) -> Value {
    let stalls = stalls_of(app, market).await;
    let stall = stalls
        .iter()
        .find(|s| s["code"] == code)
        .expect("the stall");
    let mut request = json!({ "stall_id": stall["id"], "goods": "青菜" });
    if stall["kind"] == "car_bay" {
        request["plate"] = json!("浙J·12345");
    }
    let booked = post_as(
        app,
        token,
        &format!("/api/v1/markets/{market}/bookings"),
        request,
    )
    .await;
    assert_eq!(booked.status(), 201, "{}", booked.text().await.unwrap());
    booked.json().await.unwrap()
}

/// Scans `booking`'s holder in at `market`.
async fn arrive(app: &TestApp, organiser: &str, market: &str, booking: &Value, n: usize) {
    let scanned = post_as(
        app,
        organiser,
        "/api/v1/checkins/stall",
        json!({"market_id": market, "token": booking["ticket"], "nonce": format!("nonce-{n:012}")}),
    )
    .await;
    assert_eq!(scanned.status(), 201, "{}", scanned.text().await.unwrap());
}

/// Checks `count` visitors in at `market` (during it).
async fn visitors(app: &TestApp, organiser: &str, market: &str, count: usize, first: usize) {
    let poster: Value = get_as(app, organiser, &format!("/api/v1/markets/{market}/poster"))
        .await
        .json()
        .await
        .unwrap();
    for n in first..first + count {
        let checked = app
            .post(
                "/api/v1/checkins",
                json!({"token": poster["token"], "device_id": format!("device-{n:012}"),
                       "nonce": format!("visit-{n:012}")}),
            )
            .await;
        assert!(checked.status().is_success());
    }
}

/// Shows the demo's `products` at `market` (no API shows a product at a market yet: the demo
/// data does it, and so does this).
async fn show(app: &TestApp, market: &str, products: &[&str]) {
    let mut db = connect_db(&app.db_url).await;
    for product in products {
        sqlx::query("INSERT INTO market_products (market_id, product_id) VALUES ($1, $2)")
            .bind(market)
            .bind(*product)
            .execute(&mut db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_months_report_counts_what_its_markets_did_as_counted_by_hand() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139501", &[UNIT]).await;
    let elsewhere = app.log_in_organiser("13900139502", &["hu-xiaotong"]).await;
    let fair = market(
        &app,
        &organiser,
        UNIT,
        "produce_fair",
        "2027-04-03",
        (8, 12),
        &[
            ("A01", false),
            ("A02", false),
            ("A03", false),
            ("A04", false),
            ("A05", true),
        ],
    )
    .await;
    let trunk = market(
        &app,
        &organiser,
        UNIT,
        "trunk_market",
        "2027-04-17",
        (16, 20),
        &[("B01", false), ("B02", false), ("B03", false)],
    )
    .await;
    let called_off = market(
        &app,
        &organiser,
        UNIT,
        "festival",
        "2027-04-10",
        (8, 12),
        &[],
    )
    .await;
    let cancelled = post_as(
        &app,
        &organiser,
        &format!("/api/v1/markets/{called_off}/cancel"),
        json!({"reason": "下雨，暂停一次"}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);
    let _coming = market(
        &app,
        &organiser,
        UNIT,
        "night_market",
        "2027-04-30",
        (18, 21),
        &[],
    )
    .await;
    let other_unit = market(
        &app,
        &elsewhere,
        "hu-xiaotong",
        "produce_fair",
        "2027-04-03",
        (8, 12),
        &[("C01", false)],
    )
    .await;
    let in_may = market(
        &app,
        &organiser,
        UNIT,
        "produce_fair",
        "2027-05-01",
        (8, 12),
        &[("D01", false)],
    )
    .await;

    for phone in ["13700137501", "13700137503"] {
        let marked = post_as(
            &app,
            &organiser,
            &format!("/api/v1/host-units/{UNIT}/households"),
            json!({ "phone": phone }),
        )
        .await;
        assert_eq!(marked.status(), 200);
    }
    let xiaotong = stallholder(&app, "13700137501", "小桐村").await;
    let jinliang = stallholder(&app, "13700137502", "金良社区").await;
    let jinliang_household = stallholder(&app, "13700137503", "金良社区").await;
    let no_village = stallholder(&app, "13700137504", "").await;
    let changed_mind = stallholder(&app, "13700137505", "金良社区").await;

    let fair_a01 = book(&app, &xiaotong, &fair, "A01").await;
    let fair_a02 = book(&app, &jinliang, &fair, "A02").await;
    book(&app, &no_village, &fair, "A03").await;
    let dropped = book(&app, &changed_mind, &fair, "A04").await;
    let cancel = post_as(
        &app,
        &changed_mind,
        &format!(
            "/api/v1/bookings/{}/cancel",
            dropped["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(cancel.status(), 200);
    let trunk_b01 = book(&app, &xiaotong, &trunk, "B01").await;
    let trunk_b02 = book(&app, &jinliang_household, &trunk, "B02").await;
    book(&app, &elsewhere, &other_unit, "C01").await;
    book(&app, &jinliang, &in_may, "D01").await;

    // Sessions last weeks, not months: the organisers log in again on the day.
    app.clock.advance(to_april(3, 9));
    let organiser = app.log_in("13900139501").await;
    let elsewhere = app.log_in("13900139502").await;
    arrive(&app, &organiser, &fair, &fair_a01, 1).await;
    arrive(&app, &organiser, &fair, &fair_a02, 2).await;
    visitors(&app, &organiser, &fair, 3, 0).await;
    visitors(&app, &elsewhere, &other_unit, 4, 100).await;

    app.clock.advance(to_april(17, 17) - to_april(3, 9));
    let organiser = app.log_in("13900139501").await;
    arrive(&app, &organiser, &trunk, &trunk_b01, 3).await;
    let absent = post_as(
        &app,
        &organiser,
        &format!(
            "/api/v1/bookings/{}/no-show",
            trunk_b02["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(absent.status(), 200, "{}", absent.text().await.unwrap());
    visitors(&app, &organiser, &trunk, 2, 10).await;

    app.clock.advance(to_april(25, 9) - to_april(17, 17));
    let organiser = app.log_in("13900139501").await;
    show(&app, &fair, &["p-pipalu", "p-pipagao", "p-hongtang"]).await;
    show(&app, &trunk, &["p-pipalu"]).await;
    show(&app, &other_unit, &["p-ganzhe"]).await;

    let path = format!("/api/v1/reports?from=2027-04-01&to=2027-04-30&unit={UNIT}");
    let report = get_as(&app, &organiser, &path).await;
    assert_eq!(report.status(), 200);
    let report: Value = report.json().await.unwrap();
    assert_eq!(report["from"], "2027-04-01");
    assert_eq!(report["units"], json!([{"id": UNIT, "name": "金良社区"}]));
    assert_eq!(
        (
            &report["markets_held"],
            &report["markets_cancelled"],
            &report["markets_coming"]
        ),
        (&json!(2), &json!(1), &json!(1))
    );
    assert_eq!(
        report["by_kind"],
        json!([{"kind": "produce_fair", "markets": 1}, {"kind": "trunk_market", "markets": 1}])
    );
    assert_eq!(
        report["totals"],
        json!({"offered": 7, "booked": 5, "attended": 3, "no_shows": 2, "visitors": 5})
    );
    let lines = report["markets"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], fair.as_str());
    assert_eq!(lines[0]["day"], "2027-04-03");
    assert_eq!(
        lines[0]["counts"],
        json!({"offered": 4, "booked": 3, "attended": 2, "no_shows": 1, "visitors": 3})
    );
    assert_eq!(
        lines[1]["counts"],
        json!({"offered": 3, "booked": 2, "attended": 1, "no_shows": 1, "visitors": 2})
    );
    assert_eq!(
        (&report["stallholders"], &report["priority_stallholders"]),
        (&json!(4), &json!(2))
    );
    assert_eq!(
        report["villages"],
        json!([
            {"village": "金良社区", "stallholders": 2, "priority": 1},
            {"village": "小桐村", "stallholders": 1, "priority": 1},
            {"village": "", "stallholders": 1, "priority": 0},
        ])
    );
    let shown = |list: &str| -> Vec<(String, i64)> {
        report[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                (
                    item["id"].as_str().unwrap().to_owned(),
                    item["markets"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        shown("products"),
        [("p-pipalu", 2), ("p-hongtang", 1), ("p-pipagao", 1)].map(|(id, n)| (id.to_owned(), n))
    );
    assert_eq!(
        shown("workshops"),
        [
            ("ws-yangguang".to_owned(), 2),
            ("ws-zhiweihong".to_owned(), 1)
        ]
    );
    assert_eq!(report["workshops"][0]["products"], 2);

    // Marks changed after the markets change nothing of them: the report counts the marks of
    // each market's day.
    let households = format!("/api/v1/host-units/{UNIT}/households");
    let listed: Value = get_as(&app, &organiser, &households)
        .await
        .json()
        .await
        .unwrap();
    let unmarked = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["phone"] == "13700137503")
        .unwrap()["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let taken_off = app
        .send(
            Method::DELETE,
            &format!("{households}/{unmarked}"),
            &organiser,
            &json!({}),
        )
        .await;
    assert_eq!(taken_off.status(), 204);
    let marked_late = post_as(
        &app,
        &organiser,
        &households,
        json!({"phone": "13700137504"}),
    )
    .await;
    assert_eq!(marked_late.status(), 200);
    let again: Value = get_as(&app, &organiser, &path).await.json().await.unwrap();
    assert_eq!(again["priority_stallholders"], 2);
    assert_eq!(again["villages"], report["villages"]);

    // Every unit of the organiser's is the same one here; a quarter takes in the same month.
    let theirs: Value = get_as(
        &app,
        &organiser,
        "/api/v1/reports?from=2027-04-01&to=2027-06-30",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(theirs["markets_held"], 2, "May's market is still to come");
    assert_eq!(theirs["markets_coming"], 2);
    assert_eq!(theirs["totals"]["booked"], 5);

    // An admin sees every unit: the other unit's market and its visitors too.
    let admin = app.log_in_admin("13900139509").await;
    let all: Value = get_as(
        &app,
        &admin,
        "/api/v1/reports?from=2027-04-01&to=2027-04-30",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(all["markets_held"], 3);
    assert_eq!(all["totals"]["visitors"], 9);
    assert_eq!(all["stallholders"], 5);
    assert_eq!(all["priority_stallholders"], 2, "marked by 金良社区 only");

    let csv = get_as(
        &app,
        &organiser,
        &path.replace("/reports?", "/reports.csv?"),
    )
    .await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a byte-order mark, for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n"));
    assert!(
        text.contains("2027-04-03,2027-04-03 集市,特色农产品展销,金良社区,4,3,2,1,33%,3\r\n"),
        "{text}"
    );
    assert!(text.contains("合计,2 场,,,7,5,3,2,40%,5\r\n"), "{text}");
    assert!(text.contains("未填写,1,0\r\n"), "{text}");
    assert!(text.contains("合计,4,2\r\n"), "{text}");
}

#[tokio::test]
async fn only_organisers_see_reports_and_only_of_their_units_and_spans_are_checked() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139511", &[UNIT]).await;
    let villager = app.log_in("13700137511").await;
    let april = "/api/v1/reports?from=2027-04-01&to=2027-04-30";
    assert_eq!(
        error_code(app.get(april).await).await,
        (401, "unauthorized".into())
    );
    assert_eq!(
        error_code(get_as(&app, &villager, april).await).await,
        (403, "forbidden".into())
    );
    assert_eq!(
        error_code(get_as(&app, &villager, &format!("{april}&unit={UNIT}")).await).await,
        (403, "forbidden".into())
    );
    assert_eq!(
        error_code(get_as(&app, &organiser, &format!("{april}&unit=hu-xiaotong")).await).await,
        (403, "forbidden".into())
    );
    assert_eq!(
        error_code(get_as(&app, &organiser, &format!("{april}&unit=hu-nowhere")).await).await,
        (404, "not_found".into())
    );
    for bad in [
        "/api/v1/reports?from=2027-04-31&to=2027-05-30",
        "/api/v1/reports?from=2027-05-01&to=2027-04-30",
        "/api/v1/reports?from=2026-01-01&to=2027-01-02",
        "/api/v1/reports?from=2027-04-01",
        "/api/v1/reports.csv?from=april&to=2027-04-30",
    ] {
        assert_eq!(
            error_code(get_as(&app, &organiser, bad).await).await,
            (422, "invalid_date".into()),
            "{bad}"
        );
    }
    // A year's span (365 days, or 366 in a leap year) is one report.
    let year = get_as(
        &app,
        &organiser,
        "/api/v1/reports?from=2027-01-01&to=2027-12-31",
    )
    .await;
    assert_eq!(year.status(), 200);
}

#[tokio::test]
async fn the_demo_reports_what_happened_at_last_months_market() {
    let app = spawn_app().await;
    let organiser = app
        .log_in_organiser("13900139521", &["hu-jiangsengqiao"])
        .await;
    // The test clock's last month is October 2026; its Luqiao market was 蒋僧桥村's.
    let report: Value = get_as(
        &app,
        &organiser,
        "/api/v1/reports?from=2026-10-01&to=2026-10-31&unit=hu-jiangsengqiao",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(report["markets_held"], 1);
    assert_eq!(
        report["totals"],
        json!({"offered": 26, "booked": 12, "attended": 10, "no_shows": 2, "visitors": 86})
    );
    assert_eq!(
        (&report["stallholders"], &report["priority_stallholders"]),
        (&json!(12), &json!(4))
    );
    assert_eq!(
        report["villages"],
        json!([
            {"village": "蒋僧桥村", "stallholders": 4, "priority": 2},
            {"village": "小桐村", "stallholders": 3, "priority": 1},
            {"village": "金良社区", "stallholders": 3, "priority": 0},
            {"village": "上洋村", "stallholders": 2, "priority": 1},
        ])
    );
    let marked: Value = get_as(
        &app,
        &organiser,
        "/api/v1/host-units/hu-jiangsengqiao/households",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(marked["items"].as_array().map(Vec::len), Some(4));
}
