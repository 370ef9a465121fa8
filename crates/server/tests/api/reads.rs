//! Public reads come from memory with a strong ETag, and never show a state older than a write
//! whose answer has arrived: after each kind of write the next read shows it, on either server.

use reqwest::{header, Method};
use serde_json::{json, Value};

use crate::helpers::{get_as, post_as, small_market, spawn_app, spawn_beside, TestApp};

/// `small_market` with `stalls` booths `A01`… and the given approval.
async fn market(app: &TestApp, organiser: &str, stalls: usize, approval: &str) -> String {
    let items: Vec<Value> = (1..=stalls)
        .map(|n| json!({"code": format!("A{n:02}"), "zone": "A区", "kind": "booth", "fee_fen": 0}))
        .collect();
    small_market(app, organiser, approval, json!(items)).await
}

/// `GET path` as a phone: brotli accepted, the JSON and the ETag.
async fn read(app: &TestApp, path: &str) -> (Value, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let body = crate::helpers::unbrotli(&response.bytes().await.unwrap());
    (serde_json::from_str(&body).unwrap(), etag)
}

fn free(market: &Value) -> i64 {
    market["stalls"]["free"].as_i64().unwrap()
}

fn status_of(stalls: &Value, code: &str) -> String {
    stalls["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == code)
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_unchanged_read_is_not_modified_and_a_changed_one_has_a_new_etag() {
    let app = spawn_app().await;
    let (schedule, etag) = read(&app, "/api/v1/markets").await;
    assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");
    let again = app
        .client
        .get(format!("{}/api/v1/markets", app.address))
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[header::ETAG], etag.as_str());
    assert!(again.bytes().await.unwrap().is_empty());
    let (same, same_etag) = read(&app, "/api/v1/markets").await;
    assert_eq!((same, same_etag.clone()), (schedule, etag));

    let organiser = app.log_in_organiser("13900139951", &["hu-jinliang"]).await;
    market(&app, &organiser, 2, "auto").await;
    let (longer, new_etag) = read(&app, "/api/v1/markets").await;
    assert_ne!(new_etag, same_etag);
    assert!(longer["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["title"] == "金良社区小集"));
    let stale = app
        .client
        .get(format!("{}/api/v1/markets", app.address))
        .header(header::IF_NONE_MATCH, &same_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200, "an old copy is replaced");
}

#[tokio::test]
async fn every_kind_of_write_shows_in_the_next_read() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139952", &["hu-jinliang"]).await;
    let id = market(&app, &organiser, 3, "manual").await;
    let one = format!("/api/v1/markets/{id}");
    let stalls = format!("{one}/stalls");
    let (before, _) = read(&app, &one).await;
    assert_eq!(free(&before), 3);
    assert_eq!(status_of(&read(&app, &stalls).await.0, "A01"), "free");

    // A booking (pending here: the market wants approval).
    let stallholder = app.log_in("13700137951").await;
    let booking: Value = post_as(
        &app,
        &stallholder,
        &format!("{one}/bookings"),
        json!({"stall_id": format!("{id}-A01"), "goods": "青菜"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(free(&read(&app, &one).await.0), 2);
    assert_eq!(status_of(&read(&app, &stalls).await.0, "A01"), "pending");

    // The organiser's approval.
    let approved = post_as(
        &app,
        &organiser,
        &format!(
            "/api/v1/bookings/{}/approve",
            booking["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(approved.status(), 200);
    assert_eq!(status_of(&read(&app, &stalls).await.0, "A01"), "booked");

    // The stallholder's cancel.
    let cancelled = post_as(
        &app,
        &stallholder,
        &format!(
            "/api/v1/bookings/{}/cancel",
            booking["id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(free(&read(&app, &one).await.0), 3);
    assert_eq!(status_of(&read(&app, &stalls).await.0, "A01"), "free");

    // A new layout.
    let laid = app
        .authed(Method::PUT, &stalls, &organiser)
        .json(&json!({"items": [{"code": "B01", "zone": "B区", "kind": "booth", "fee_fen": 500}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(laid.status(), 200);
    let (layout, _) = read(&app, &stalls).await;
    assert_eq!(status_of(&layout, "B01"), "free");
    assert_eq!(
        status_of(&layout, "A01"),
        "closed",
        "kept, closed, for its booking's history"
    );
    assert_eq!(status_of(&layout, "A02"), "", "gone");
    assert_eq!(free(&read(&app, &one).await.0), 1);

    // A market edit, then its cancellation.
    let edited = app
        .send(
            Method::PATCH,
            &one,
            &organiser,
            &json!({"goods": "年货、春联"}),
        )
        .await;
    assert_eq!(edited.status(), 200);
    assert_eq!(read(&app, &one).await.0["goods"], "年货、春联");
    let called_off = post_as(
        &app,
        &organiser,
        &format!("{one}/cancel"),
        json!({"reason": "大雨"}),
    )
    .await;
    assert_eq!(called_off.status(), 200);
    let (schedule, _) = read(&app, "/api/v1/markets").await;
    let listed = schedule["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(listed["status"], "cancelled");

    // A product edit.
    let product: Value = post_as(
        &app,
        &stallholder,
        "/api/v1/products",
        json!({"name": "自家腌的咸菜", "category": "food", "season_months": [11, 12, 1],
               "price_text": "约 12 元/斤", "description": "雪里蕻腌的，下饭。"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let path = format!("/api/v1/products/{}", product["id"].as_str().unwrap());
    assert_eq!(read(&app, &path).await.0["price_text"], "约 12 元/斤");
    let changed = app
        .send(
            Method::PUT,
            &path,
            &stallholder,
            &json!({"name": "自家腌的咸菜", "category": "food", "season_months": [11, 12, 1],
                    "price_text": "约 15 元/斤", "description": "雪里蕻腌的，下饭。"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(read(&app, &path).await.0["price_text"], "约 15 元/斤");
}

#[tokio::test]
async fn midnight_in_china_moves_today_and_the_end_of_a_market_moves_a_product_page() {
    let app = spawn_app().await;
    // The test clock is Sunday 2026-11-29 09:00 in China; the demo has a market that day.
    let mut now = 1_795_914_000;
    let listed = |schedule: &Value, id: &str| {
        schedule["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == id)
    };
    let to_last_second = 14 * 3600 + 59 * 60 + 59;
    app.clock.advance(to_last_second);
    now += to_last_second;
    let (sunday, _) = read(&app, "/api/v1/markets").await;
    assert!(
        listed(&sunday, "m-jinliang-farmers"),
        "still today at 23:59:59"
    );
    app.clock.advance(2);
    now += 2;
    let (monday, _) = read(&app, "/api/v1/markets").await;
    assert!(
        !listed(&monday, "m-jinliang-farmers"),
        "yesterday's from 00:00:01"
    );

    let (product, _) = read(&app, "/api/v1/products/p-hongtang").await;
    let ends: Vec<i64> = product["markets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            time::OffsetDateTime::parse(
                m["ends_at"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
            .unix_timestamp()
        })
        .collect();
    let first_end = *ends
        .iter()
        .min()
        .expect("the brown sugar is sold at a coming market");
    app.clock.advance(first_end - now);
    let (later, _) = read(&app, "/api/v1/products/p-hongtang").await;
    assert_eq!(
        later["markets"].as_array().unwrap().len(),
        ends.iter().filter(|end| **end > first_end).count(),
        "a market that ended leaves the product's page at once"
    );
}

#[tokio::test]
async fn a_write_answered_by_one_server_shows_in_the_next_read_on_the_other() {
    let a = spawn_app().await;
    let b = spawn_beside(&a).await;
    let organiser = a.log_in_organiser("13900139953", &["hu-jinliang"]).await;
    let id = market(&a, &organiser, 2, "auto").await;
    let one = format!("/api/v1/markets/{id}");
    assert_eq!(free(&read(&b, &one).await.0), 2);
    assert_eq!(free(&read(&a, &one).await.0), 2);
    let stallholder = b.log_in("13700137953").await;
    let booked = post_as(
        &a,
        &stallholder,
        &format!("{one}/bookings"),
        json!({"stall_id": format!("{id}-A01"), "goods": "青菜"}),
    )
    .await;
    assert_eq!(booked.status(), 201);
    assert_eq!(
        free(&read(&b, &one).await.0),
        1,
        "the other server knows at once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_that_saw_its_own_write_never_sees_an_older_state_afterwards() {
    // Within one address's free code sends of an hour.
    const PEOPLE: usize = 20;
    let a = spawn_app().await;
    let b = spawn_beside(&a).await;
    let organiser = a.log_in_organiser("13900139954", &["hu-jinliang"]).await;
    let id = market(&a, &organiser, PEOPLE, "auto").await;
    let mut tokens = Vec::new();
    for n in 0..PEOPLE {
        tokens.push(a.log_in(&format!("137001378{n:02}")).await);
    }
    let (a, b) = (std::sync::Arc::new(a), std::sync::Arc::new(b));
    let people = tokens.into_iter().enumerate().map(|(n, token)| {
        let (a, b, id) = (a.clone(), b.clone(), id.clone());
        tokio::spawn(async move {
            let (writer, reader) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
            let one = format!("/api/v1/markets/{id}");
            let booked = post_as(
                writer,
                &token,
                &format!("{one}/bookings"),
                json!({"stall_id": format!("{id}-A{:02}", n + 1), "goods": "青菜"}),
            )
            .await;
            assert_eq!(booked.status(), 201);
            // Free stalls only go down while everyone books: each read shows this booking and
            // never more free stalls than a read before it.
            let mut seen = PEOPLE as i64;
            for turn in 0..6 {
                let server = if turn % 2 == 0 { reader } else { writer };
                let market: Value = get_as(server, &token, &one).await.json().await.unwrap();
                let (stalls, _) = read(server, &format!("{one}/stalls")).await;
                assert_eq!(status_of(&stalls, &format!("A{:02}", n + 1)), "booked");
                let now = free(&market);
                assert!(
                    now < PEOPLE as i64 && now <= seen,
                    "{now} free after {seen}"
                );
                seen = now;
                let (public, _) = read(server, &one).await;
                assert!(free(&public) <= seen, "the kept answer is no older");
            }
        })
    });
    for person in people {
        person.await.unwrap();
    }
    assert_eq!(free(&read(&a, &format!("/api/v1/markets/{id}")).await.0), 0);
}

/// `GET path` as a phone: the page's HTML and its ETag.
async fn page(app: &TestApp, path: &str) -> (String, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(response
        .headers()
        .contains_key(header::CONTENT_SECURITY_POLICY));
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let html = crate::helpers::ungzip(&response.bytes().await.unwrap());
    (html, etag)
}

#[tokio::test]
async fn a_market_page_is_kept_until_a_booking_or_the_end_of_booking_changes_it() {
    let app = spawn_app().await;
    let organiser = app.log_in_organiser("13900139955", &["hu-jinliang"]).await;
    let id = market(&app, &organiser, 2, "auto").await;
    let path = format!("/m/{id}");
    let (drawn, etag) = page(&app, &path).await;
    assert_eq!(page(&app, &path).await, (drawn.clone(), etag.clone()));
    let again = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let english = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        english.contains("lang=\"en\""),
        "another language is another page"
    );

    let stallholder = app.log_in("13700137955").await;
    let booked = post_as(
        &app,
        &stallholder,
        &format!("/api/v1/markets/{id}/bookings"),
        json!({"stall_id": format!("{id}-A01"), "goods": "青菜"}),
    )
    .await;
    assert_eq!(booked.status(), 201);
    let (after_booking, new_etag) = page(&app, &path).await;
    assert_ne!(new_etag, etag);
    assert_ne!(after_booking, drawn);

    // Booking closes 2026-12-05 18:00 in China: the page says so from that second on.
    let closes = 1_796_464_800;
    app.clock.advance(closes - 1_795_914_000 - 1);
    let (open, _) = page(&app, &path).await;
    app.clock.advance(1);
    let (closed, _) = page(&app, &path).await;
    assert_ne!(open, closed, "the page no longer offers booking");
}

#[tokio::test]
async fn an_answer_from_memory_carries_every_header_the_server_gives() {
    let app = spawn_app().await;
    for path in ["/api/v1/markets", "/", "/m/m-xiaotong-loquat"] {
        let mut seen = Vec::new();
        // The first is made, the second comes from memory: both must say the same.
        for _ in 0..2 {
            let response = app
                .client
                .get(format!("{}{path}", app.address))
                .header(header::ACCEPT_ENCODING, "br")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let headers = response.headers();
            for name in [
                header::CONTENT_TYPE,
                header::CONTENT_SECURITY_POLICY,
                header::X_FRAME_OPTIONS,
                header::X_CONTENT_TYPE_OPTIONS,
                header::REFERRER_POLICY,
                header::ETAG,
                header::VARY,
            ] {
                assert!(headers.contains_key(&name), "{path} without {name}");
            }
            assert_eq!(headers[header::CONTENT_ENCODING], "br", "{path}");
            let vary = headers[header::VARY].to_str().unwrap().to_ascii_lowercase();
            assert_eq!(vary.matches("accept-encoding").count(), 1, "{path}: {vary}");
            assert_eq!(
                headers
                    .get_all(header::CONTENT_SECURITY_POLICY)
                    .iter()
                    .count(),
                1,
                "{path}: one policy"
            );
            seen.push(format!("{headers:?}").replace(headers[header::DATE].to_str().unwrap(), ""));
        }
        assert_eq!(seen[0], seen[1], "{path}");
    }
    let page_policy = app
        .client
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap()
        .headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        page_policy.contains("'sha256-"),
        "a page keeps its own policy: {page_policy}"
    );
}
