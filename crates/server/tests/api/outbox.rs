//! The outbox across `kill -9`: the real binary, sending through the Aliyun sender to a stand-in
//! provider that counts deliveries by `OutId`, is stopped dead at each point around the hand-over
//! (`JISHI_FAILPOINT`) and started again. Every message arrives once.

use std::{
    collections::{HashMap, HashSet},
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{extract::Query, routing::get, Json, Router};
use serde_json::{json, Value};
use tempfile::TempDir;
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

use crate::helpers::fresh_database;

const BIN: &str = env!("CARGO_BIN_EXE_jishi-server");

/// A stand-in provider: every call by `OutId`, and the ids it delivered (a repeated id, as an
/// idempotent provider does, is delivered once).
#[derive(Clone, Default)]
struct Provider {
    calls: Arc<Mutex<Vec<String>>>,
}

impl Provider {
    async fn start() -> (Self, String) {
        let provider = Self::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/", listener.local_addr().unwrap());
        let calls = provider.calls.clone();
        let router = Router::new().route(
            "/",
            get(move |Query(query): Query<HashMap<String, String>>| {
                let calls = calls.clone();
                async move {
                    let id = query.get("OutId").cloned().unwrap_or_default();
                    calls.lock().unwrap().push(id);
                    Json(json!({"Code": "OK", "Message": "OK"}))
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (provider, endpoint)
    }

    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn delivered(&self) -> HashSet<String> {
        self.calls().into_iter().collect()
    }
}

/// A `jishi-server serve` of the test's own; its log lines are collected as they come.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(db: &str, dir: &TempDir, endpoint: &str, failpoint: Option<&str>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(BIN);
        command
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", db])
            .args(["--dist", dir.path().join("no-dist").to_str().unwrap()])
            .env("RUST_LOG", "info")
            .env("JISHI_SMS", "aliyun")
            .env("JISHI_SMS_ALIYUN_KEY_ID", "key")
            .env("JISHI_SMS_ALIYUN_KEY_SECRET", "secret")
            .env("JISHI_SMS_ALIYUN_SIGN_NAME", "集市通")
            .env("JISHI_SMS_ALIYUN_TEMPLATE", "SMS_000001")
            .env("JISHI_SMS_ALIYUN_TEMPLATE_APPROVED", "SMS_000002")
            .env("JISHI_SMS_ALIYUN_ENDPOINT", endpoint)
            .env("JISHI_OUTBOX_LOST_AFTER", "2")
            .env_remove("JISHI_FAILPOINT")
            .stderr(Stdio::piped());
        if let Some(point) = failpoint {
            command.env("JISHI_FAILPOINT", point);
        }
        let mut child = command.spawn().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        loop {
            let line = lines
                .next()
                .expect("the server exited before listening")
                .unwrap();
            if line.contains("listening on") {
                break;
            }
        }
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        Self {
            child,
            base: format!("http://127.0.0.1:{port}/api/v1"),
            log,
        }
    }

    async fn wait_for_log(&self, text: &str) {
        for _ in 0..200 {
            if self
                .log
                .lock()
                .unwrap()
                .iter()
                .any(|line| line.contains(text))
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {text:?} in {:?}", self.log.lock().unwrap());
    }

    /// `kill -9`: no shutdown, no drain.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli(args: &[&str], db: &str) -> String {
    let out = Command::new(BIN)
        .args(args)
        .args(["--db", db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

async fn call(method: reqwest::Method, url: String, token: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap()
}

/// Approves a booking with the server stopped at `point`, kills it there, starts it again, and
/// checks the message arrived once.
async fn killed_at(point: &str) {
    let dir = TempDir::new().unwrap();
    let db = fresh_database(dir.path()).await;
    let (provider, endpoint) = Provider::start().await;
    cli(&["seed-demo"], &db);
    cli(
        &[
            "user",
            "add",
            "--phone",
            "13900139801",
            "--role",
            "organiser",
            "--unit",
            "hu-jinliang",
        ],
        &db,
    );
    cli(
        &[
            "user",
            "add",
            "--phone",
            "13700137801",
            "--role",
            "stallholder",
        ],
        &db,
    );
    let host = cli(&["token", "--phone", "13900139801"], &db);
    let holder = cli(&["token", "--phone", "13700137801"], &db);

    let server = Server::start(&db, &dir, &endpoint, Some(point));
    let base = server.base.clone();
    use reqwest::Method;
    // Whatever the hour this runs at, the message may go at once.
    call(
        Method::PUT,
        format!("{base}/me/settings"),
        &holder,
        json!({"reminders": true, "quiet_hours": false, "lang": "zh-CN"}),
    )
    .await;
    let now = OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .replace_nanosecond(0)
        .unwrap()
        .replace_second(0)
        .unwrap();
    let starts = now + time::Duration::days(3);
    let market = call(Method::POST, format!("{base}/markets"), &host, json!({
        "title": "金良社区小集", "kind": "trunk_market",
        "starts_at": rfc3339(starts), "ends_at": rfc3339(starts + time::Duration::hours(4)),
        "host_unit": {"id": "hu-jinliang"},
        "venue": {"name": "稻香果园停车场", "town": "新桥镇", "village": "金良社区", "address": "台州市路桥区新桥镇"},
        "booking": {"opens_at": rfc3339(now - time::Duration::hours(1)),
                    "closes_at": rfc3339(now + time::Duration::days(2)), "approval": "manual"},
        "contact": {"name": "王社长", "phone": "0576-8238 2002"}
    })).await;
    let market = market["id"].as_str().unwrap().to_owned();
    call(
        Method::PUT,
        format!("{base}/markets/{market}/stalls"),
        &host,
        json!({"items": [{"code": "A01", "zone": "A区", "kind": "booth", "fee_fen": 0}]}),
    )
    .await;
    let booking = call(
        Method::POST,
        format!("{base}/markets/{market}/bookings"),
        &holder,
        json!({"stall_id": format!("{market}-A01"), "goods": "青菜"}),
    )
    .await;
    let booking = booking["id"].as_str().unwrap().to_owned();
    call(
        Method::POST,
        format!("{base}/bookings/{booking}/approve"),
        &host,
        json!({}),
    )
    .await;

    server
        .wait_for_log(&format!("failpoint {point} reached"))
        .await;
    server.kill();
    let before = provider.calls();
    let server = Server::start(&db, &dir, &endpoint, None);
    let url = format!("{}/bookings/{booking}/messages", server.base);
    for _ in 0..150 {
        let messages = reqwest::Client::new()
            .get(&url)
            .bearer_auth(&holder)
            .send()
            .await
            .unwrap();
        let messages: Value = messages.json().await.unwrap();
        let message = &messages["items"][0];
        if message["status"] == "sent" {
            let id = message["id"].as_str().unwrap().to_owned();
            assert_eq!(provider.delivered(), HashSet::from([id.clone()]), "{point}");
            let expected_before = usize::from(point == "outbox.handed_over");
            assert_eq!(before.len(), expected_before, "{point}: {before:?}");
            assert!(provider.calls().iter().all(|call| *call == id), "{point}");
            // Nothing more is handed over afterwards.
            tokio::time::sleep(Duration::from_millis(2_500)).await;
            assert_eq!(provider.calls().len(), expected_before + 1, "{point}");
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{point}: never sent; the provider saw {:?}",
        provider.calls()
    );
}

#[tokio::test]
async fn killed_after_the_commit_before_the_try_the_message_goes_once() {
    killed_at("outbox.due").await;
}

#[tokio::test]
async fn killed_after_the_try_was_marked_before_the_hand_over_the_message_goes_once() {
    killed_at("outbox.taken").await;
}

#[tokio::test]
async fn killed_after_the_hand_over_before_it_was_marked_sent_the_message_counts_once() {
    killed_at("outbox.handed_over").await;
}
