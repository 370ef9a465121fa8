//! 1,000 stallholders race for 100 stalls over HTTP, all at once: exactly 100 bookings, no stall
//! twice, no one over the limit, no 5xx. The database decides; this test only counts.

use std::time::Instant;

use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::Connection;

use crate::helpers::{join_statuses, spawn_app, TestApp};

const STALLS: usize = 100;
const PEOPLE: usize = 1_000;

/// A market opening on 12-20 whose booking is open now, with `STALLS` booths.
async fn race_market(app: &TestApp) -> String {
    let admin = app.log_in_admin("13600136999").await;
    let market: Value = app
        .authed(Method::POST, "/api/v1/markets", &admin)
        .json(&json!({
            "title": "冬至大集",
            "kind": "produce_fair",
            "starts_at": "2026-12-20T08:00:00+08:00",
            "ends_at": "2026-12-20T12:00:00+08:00",
            "host_unit": {"id": "hu-jinliang"},
            "venue": {"name": "金良社区稻香果园停车场", "town": "新桥镇", "village": "金良社区",
                      "address": "台州市路桥区新桥镇金良社区二嫂乡苑北侧"},
            "booking": {"opens_at": "2026-11-29T08:00:00+08:00", "closes_at": "2026-12-19T18:00:00+08:00",
                        "approval": "auto"},
            "goods": "年货",
            "contact": {"name": "王社长", "phone": "0576-8238 2002"}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = market["id"].as_str().unwrap().to_owned();
    let mut db = crate::helpers::connect_db(&app.db_url).await;
    let mut tx = db.begin().await.unwrap();
    for n in 0..STALLS {
        sqlx::query("INSERT INTO stalls (id, market_id, code, zone, kind, fee_fen) VALUES ($1, $2, $3, 'A区', 'booth', 0)")
            .bind(format!("race-{n:03}"))
            .bind(&id)
            .bind(format!("A{n:03}"))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

/// `PEOPLE` users with a session each (written straight into the database: the login limits are
/// another test's business), as bearer tokens.
async fn people(app: &TestApp) -> Vec<String> {
    let mut db = crate::helpers::connect_db(&app.db_url).await;
    let mut tx = db.begin().await.unwrap();
    let mut tokens = Vec::with_capacity(PEOPLE);
    for n in 0..PEOPLE {
        let (user, token) = (
            format!("u_race_{n}"),
            format!("race-token-{n:04}-abcdefghijklmnop"),
        );
        sqlx::query("INSERT INTO users (id, phone, created_at) VALUES ($1, $2, 0)")
            .bind(&user)
            .bind(format!("1350000{n:04}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        let hash: String = Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, 0, 9999999999)")
            .bind(hash)
            .bind(&user)
            .execute(&mut *tx)
            .await
            .unwrap();
        tokens.push(token);
    }
    tx.commit().await.unwrap();
    tokens
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_stallholders_racing_for_a_hundred_stalls_get_exactly_a_hundred() {
    let app = spawn_app().await;
    let market = race_market(&app).await;
    let tokens = people(&app).await;
    let url = format!("{}/api/v1/markets/{market}/bookings", app.address);

    // Ten people want each stall; the first hundred also try a second stall at the same time.
    let mut attempts: Vec<(usize, usize)> = (0..PEOPLE)
        .map(|person| (person, person % STALLS))
        .collect();
    attempts.extend((0..STALLS).map(|person| (person, (person + STALLS / 2) % STALLS)));
    // People on their own phones: their connections come from ten addresses, not one (the server
    // limits how many connections one address may hold).
    let clients: Vec<reqwest::Client> = (0..10u8)
        .map(|n| {
            reqwest::Client::builder()
                .local_address(std::net::IpAddr::from([127, 0, 0, 1 + n]))
                .build()
                .unwrap()
        })
        .collect();
    let started = Instant::now();
    let requests = attempts.into_iter().map(|(person, stall)| {
        let client = clients[person % clients.len()].clone();
        let (url, token) = (url.clone(), tokens[person].clone());
        tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"stall_id": format!("race-{stall:03}"), "goods": "年货"}))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        })
    });
    let statuses: Vec<u16> = join_statuses(requests).await;
    let elapsed = started.elapsed();

    let count = |status: u16| statuses.iter().filter(|s| **s == status).count();
    eprintln!(
        "race: {} requests in {elapsed:?}: {} booked, {} stall_taken/already_booked (409), others {:?}",
        statuses.len(),
        count(201),
        count(409),
        statuses.iter().filter(|s| !matches!(s, 201 | 409)).collect::<Vec<_>>()
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "only bookings and refusals"
    );
    assert_eq!(count(201), STALLS);
    let mut db = crate::helpers::connect_db(&app.db_url).await;
    let (held, stalls, most): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT stall_id),
                (SELECT max(n) FROM (SELECT count(*) AS n FROM bookings WHERE market_id = $1
                                     AND status IN ('pending', 'confirmed') GROUP BY user_id) AS per_person)
         FROM bookings WHERE market_id = $1 AND status IN ('pending', 'confirmed')",
    )
    .bind(&market)
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!((held, stalls, most), (STALLS as i64, STALLS as i64, 1));
    let shown: Value = app
        .get(&format!("/api/v1/markets/{market}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["stalls"], json!({"total": STALLS, "free": 0}));
}
