//! `spawn_app()`: a real server on a free port, its own temp database and `dist/`, stopped on drop.

use std::{
    collections::HashMap,
    io::Read,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use jishi_core::{auth::Role, Phone};
use jishi_server::{
    cli::{DbArgs, ServeArgs},
    clock::Clock,
    sms::{Delivery, Handed, Outgoing, SmsError, SmsSender},
    startup::Application,
    store::users,
};
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The organisers' app's page (`dist/organise/index.html`).
pub const ORGANISE_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>组织集市</title><script>boot()</script></head><body><div id=\"app\">organise</div></body></html>";
/// The gate's scanner's page (`dist/gate/index.html`).
pub const GATE_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>扫码验票</title><script>boot()</script></head><body><div id=\"app\">gate</div></body></html>";
/// The visitors' check-in page (`dist/checkin/index.html`).
pub const CHECKIN_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>扫码签到</title><script>boot()</script></head><body><div id=\"app\">checkin</div></body></html>";
/// A hashed asset as trunk names them, and its content.
pub const HASHED_JS: &str = "/jishi-0123456789abcdef.js";
/// Big enough that compression is worth it, so the server compresses it.
pub const JS_BODY: &str = "export function start() { console.log('集市通 starting'); }\n";
/// The test app's index page.
pub const INDEX_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>集市通</title><script>boot()</script></head><body><div id=\"app\"><header class=\"topbar\">集市通</header><div class=\"skeleton\">skeleton skeleton skeleton</div></div></body></html>";

/// A running server and what it needs; the server stops when this is dropped.
pub struct TestApp {
    /// `http://127.0.0.1:port`
    pub address: String,
    /// A client that does not decompress, so tests see what the server sent.
    pub client: reqwest::Client,
    /// The server's clock: tests move it instead of sleeping.
    pub clock: Clock,
    /// Every code the server "sent", by phone.
    pub sms: Arc<RecordingSender>,
    /// The database URL, for the CLI to work on the same file.
    pub db_url: String,
    stop: Option<oneshot::Sender<()>>,
    stopped: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: TempDir,
}

impl TestApp {
    /// `GET address + path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the test server answers")
    }

    /// `POST address + path` with a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .json(&body)
            .send()
            .await
            .expect("the test server answers")
    }

    /// Asks for a code for `phone` and returns the code the server sent.
    pub async fn request_code(&self, phone: &str) -> String {
        let response = self
            .post("/api/v1/auth/otp", serde_json::json!({ "phone": phone }))
            .await;
        assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
        self.sms.last_code(phone).expect("a code was sent")
    }

    /// `POST /api/v1/auth/session` with this phone and code.
    pub async fn submit_code(&self, phone: &str, code: &str) -> reqwest::Response {
        self.post(
            "/api/v1/auth/session",
            serde_json::json!({ "phone": phone, "code": code }),
        )
        .await
    }

    /// Logs `phone` in (asking for a code first) and returns the session token.
    pub async fn log_in(&self, phone: &str) -> String {
        let code = self.request_code(phone).await;
        let response = self
            .post(
                "/api/v1/auth/session",
                serde_json::json!({ "phone": phone, "code": code }),
            )
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Logs `phone` in and makes them an organiser of `units`; returns the session token.
    pub async fn log_in_organiser(&self, phone: &str, units: &[&str]) -> String {
        let token = self.log_in(phone).await;
        let (db, user_id) = self.user_of(phone).await;
        for unit in units {
            users::grant(&db, &user_id, Role::Organiser, Some(unit))
                .await
                .unwrap();
        }
        token
    }

    /// Logs `phone` in as an admin; returns the session token.
    pub async fn log_in_admin(&self, phone: &str) -> String {
        let token = self.log_in(phone).await;
        let (db, user_id) = self.user_of(phone).await;
        users::grant(&db, &user_id, Role::Admin, None)
            .await
            .unwrap();
        token
    }

    async fn user_of(&self, phone: &str) -> (jishi_server::store::Db, String) {
        let db = jishi_server::store::connect(&self.db_url).await.unwrap();
        let user = users::find_by_phone(&db, &Phone::parse(phone).unwrap())
            .await
            .unwrap()
            .expect("logged in before");
        (db, user.id)
    }

    /// `method path` with `Authorization: Bearer token` and a JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.authed(method, path, token)
            .json(body)
            .send()
            .await
            .expect("the test server answers")
    }

    /// A request with `Authorization: Bearer token`.
    pub fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token)
    }

    /// Asks the server to stop as Ctrl-C would, and waits until it has.
    pub async fn shut_down(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.stopped.take().expect("not stopped yet").await?
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a server with demo data on a free port, with a tiny built app in its `dist/`.
pub async fn spawn_app() -> TestApp {
    spawn_app_configured(|_| {}).await
}

/// As [`spawn_app`], with some of the serve options changed.
pub async fn spawn_app_configured(configure: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let sms = Arc::new(RecordingSender::default());
    spawn_app_with(sms.clone(), sms, None, configure).await
}

/// Another server on `first`'s database (its own pool, signer, ledger and clock), sending codes
/// through the same recorder: what a second instance behind a load balancer is.
pub async fn spawn_beside(first: &TestApp) -> TestApp {
    spawn_beside_configured(first, |_| {}).await
}

/// As [`spawn_beside`], with some of the serve options changed.
pub async fn spawn_beside_configured(
    first: &TestApp,
    configure: impl FnOnce(&mut ServeArgs),
) -> TestApp {
    let sms = first.sms.clone();
    spawn_app_with(sms.clone(), sms, Some(first.db_url.clone()), configure).await
}

/// As [`spawn_app`], with another SMS sender (codes then are not recorded).
pub async fn spawn_app_with_sms(sender: Arc<dyn SmsSender>) -> TestApp {
    spawn_app_with(sender, Arc::new(RecordingSender::default()), None, |_| {}).await
}

/// As [`spawn_app`], with login codes recorded as usual and the outbox's messages sent through
/// `messages` (a refusing provider, a fake Aliyun).
pub async fn spawn_app_with_message_sender(messages: Arc<dyn SmsSender>) -> TestApp {
    let sms = Arc::new(RecordingSender::default());
    let sender = CodesRecorded {
        codes: sms.clone(),
        messages,
    };
    spawn_app_with(Arc::new(sender), sms, None, |_| {}).await
}

async fn spawn_app_with(
    sender: Arc<dyn SmsSender>,
    sms: Arc<RecordingSender>,
    db_url: Option<String>,
    configure: impl FnOnce(&mut ServeArgs),
) -> TestApp {
    init_logs();
    let dir = TempDir::new().expect("a temp dir");
    let dist = dir.path().join("dist");
    write_dist(&dist);
    let db_url = match db_url {
        Some(shared) => shared,
        None => fresh_database(dir.path()).await,
    };
    let mut args = ServeArgs {
        addr: "127.0.0.1:0".parse().unwrap(),
        db: DbArgs { db: db_url.clone() },
        dist,
        demo: true,
        public_url: None,
        trusted_proxies: Vec::new(),
        idle_timeout: 20,
        outbox_lost_after: 60,
        wechat: Default::default(),
        draw_every: 15,
    };
    configure(&mut args);
    // A fixed start (2026-11-29 09:00 +08:00) so every run sees the same times.
    let clock = Clock::manual(1_795_914_000);
    let app = Application::build_with(&args, clock.clone(), sender)
        .await
        .expect("the app builds");
    let address = format!("http://{}", app.local_addr());
    let (stop, stopped_signal) = oneshot::channel::<()>();
    let stopped = tokio::spawn(app.run_until(async {
        let _ = stopped_signal.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::builder().build().unwrap(),
        clock,
        sms,
        db_url,
        stop: Some(stop),
        stopped: Some(stopped),
        _dir: dir,
    }
}

/// The status and the error code of an error answer.
pub async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// The variable that points the suite at a PostgreSQL server (`postgres://user@host:port`):
/// `cargo xtask test` runs the suite once without it (SQLite) and once with a cluster it started.
pub const POSTGRES_VAR: &str = "JISHI_TEST_POSTGRES";

/// A new empty database for one test: on the PostgreSQL server of [`POSTGRES_VAR`] when it is set,
/// else a SQLite file inside `dir`.
pub async fn fresh_database(dir: &Path) -> String {
    use sqlx::{Connection, Executor};
    let Ok(server) = std::env::var(POSTGRES_VAR) else {
        return sqlite_url(dir);
    };
    let name = format!("t_{:016x}", rand::random::<u64>());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("the test PostgreSQL answers");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a database for the test");
    admin.close().await.unwrap();
    format!("{server}/{name}")
}

/// A connection to the test's database, whichever it is, for looking at rows directly.
pub async fn connect_db(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url)
        .await
        .expect("the test database answers")
}

/// The URL of a fresh SQLite file inside `dir`.
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("jishi-test.db").display())
}

/// A `dist/` like trunk's: index, a hashed script with precompressed copies, an unhashed icon.
fn write_dist(dist: &PathBuf) {
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::create_dir_all(dist.join("organise")).unwrap();
    std::fs::write(dist.join("organise").join("index.html"), ORGANISE_HTML).unwrap();
    std::fs::create_dir_all(dist.join("gate")).unwrap();
    std::fs::write(dist.join("gate").join("index.html"), GATE_HTML).unwrap();
    std::fs::create_dir_all(dist.join("checkin")).unwrap();
    std::fs::write(dist.join("checkin").join("index.html"), CHECKIN_HTML).unwrap();
    let js = dist.join(HASHED_JS.trim_start_matches('/'));
    std::fs::write(&js, JS_BODY).unwrap();
    let mut br = Vec::new();
    {
        use std::io::Write;
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(JS_BODY.as_bytes()).unwrap();
    }
    std::fs::write(js.with_extension("js.br"), br).unwrap();
    std::fs::write(
        dist.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
}

/// Decodes a brotli body.
pub fn unbrotli(bytes: &[u8]) -> String {
    let mut out = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut out)
        .expect("valid brotli");
    out
}

/// Decodes a gzip body.
pub fn ungzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("valid gzip");
    out
}

/// Server logs in test output only when `TEST_LOG` is set.
fn init_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        jishi_server::telemetry::init();
    }
}

/// An SMS sender that remembers instead of sending: the one stand-in for an outside service.
#[derive(Debug, Default)]
pub struct RecordingSender {
    sent: Mutex<HashMap<String, Vec<String>>>,
    messages: Mutex<Vec<Recorded>>,
}

/// One of the outbox's messages as the recording sender got it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The message's id.
    pub id: String,
    /// To whom.
    pub phone: String,
    /// What it tells.
    pub kind: jishi_core::message::MessageKind,
    /// The words.
    pub text: String,
}

impl RecordingSender {
    /// The last code sent to `phone` (as typed in the request; parsed the same way).
    pub fn last_code(&self, phone: &str) -> Option<String> {
        let phone = Phone::parse(phone).ok()?;
        self.sent
            .lock()
            .unwrap()
            .get(phone.as_str())?
            .last()
            .cloned()
    }

    /// Every message handed over so far, in order.
    pub fn messages(&self) -> Vec<Recorded> {
        self.messages.lock().unwrap().clone()
    }

    /// How many codes went to `phone`.
    pub fn count(&self, phone: &str) -> usize {
        let phone = Phone::parse(phone).unwrap();
        self.sent
            .lock()
            .unwrap()
            .get(phone.as_str())
            .map_or(0, Vec::len)
    }
}

#[async_trait::async_trait]
impl SmsSender for RecordingSender {
    async fn send_code(&self, phone: &Phone, code: &str) -> Result<(), SmsError> {
        self.sent
            .lock()
            .unwrap()
            .entry(phone.as_str().to_owned())
            .or_default()
            .push(code.to_owned());
        Ok(())
    }

    async fn send_message(&self, message: Outgoing<'_>) -> Result<Handed, SmsError> {
        self.messages.lock().unwrap().push(Recorded {
            id: message.id.to_owned(),
            phone: message.phone.to_owned(),
            kind: message.kind,
            text: message.text.to_owned(),
        });
        Ok(Handed::default())
    }
}

/// An SMS sender whose provider always refuses.
#[derive(Debug)]
pub struct FailingSender;

#[async_trait::async_trait]
impl SmsSender for FailingSender {
    async fn send_code(&self, _phone: &Phone, _code: &str) -> Result<(), SmsError> {
        Err(SmsError::Refused("test: provider down".into()))
    }

    async fn send_message(&self, _message: Outgoing<'_>) -> Result<Handed, SmsError> {
        Err(SmsError::Refused("test: provider down".into()))
    }
}

/// An SMS sender that records codes and hands messages to another.
#[derive(Debug)]
struct CodesRecorded {
    codes: Arc<RecordingSender>,
    messages: Arc<dyn SmsSender>,
}

#[async_trait::async_trait]
impl SmsSender for CodesRecorded {
    async fn send_code(&self, phone: &Phone, code: &str) -> Result<(), SmsError> {
        self.codes.send_code(phone, code).await
    }

    async fn send_message(&self, message: Outgoing<'_>) -> Result<Handed, SmsError> {
        self.messages.send_message(message).await
    }

    async fn delivery(
        &self,
        phone: &str,
        receipt: &str,
        sent_at: i64,
    ) -> Result<Delivery, SmsError> {
        self.messages.delivery(phone, receipt, sent_at).await
    }
}

/// The statuses the spawned requests ended with, in order (0 for one that got no answer).
pub async fn join_statuses(
    handles: impl Iterator<Item = tokio::task::JoinHandle<u16>>,
) -> Vec<u16> {
    let mut out = Vec::new();
    for handle in handles.collect::<Vec<_>>() {
        out.push(handle.await.unwrap_or(0));
    }
    out
}

/// `POST path` with a JSON body as the holder of `token`.
pub async fn post_as(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.send(reqwest::Method::POST, path, token, &body).await
}

/// The stalls of `market` as the public stall map reads them.
pub async fn stalls_of(app: &TestApp, market: &str) -> Vec<Value> {
    let stalls: Value = app
        .get(&format!("/api/v1/markets/{market}/stalls"))
        .await
        .json()
        .await
        .unwrap();
    stalls["items"].as_array().cloned().unwrap_or_default()
}

/// `GET path` as the holder of `token`.
pub async fn get_as(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.authed(reqwest::Method::GET, path, token)
        .send()
        .await
        .expect("the test server answers")
}

/// A market of the jinliang unit on 2026-12-06 16:00–20:00 whose booking is open at the test
/// clock (2026-11-28 09:00 until 12-05 18:00), created by `organiser` with `approval` and laid out
/// with `stalls` (`[{"code", "zone", "kind", "fee_fen"}…]`); its id.
pub async fn small_market(app: &TestApp, organiser: &str, approval: &str, stalls: Value) -> String {
    let market = small_market_with(
        app,
        organiser,
        serde_json::json!({ "approval": approval }),
        stalls,
    )
    .await;
    market["id"].as_str().unwrap().to_owned()
}

/// As [`small_market`], with `booking`'s fields set over that booking window (`allocation`,
/// `reserved_percent`, `cancel_hours`…); the market as created.
pub async fn small_market_with(
    app: &TestApp,
    organiser: &str,
    booking: Value,
    stalls: Value,
) -> Value {
    let mut window = serde_json::json!({
        "opens_at": "2026-11-28T09:00:00+08:00", "closes_at": "2026-12-05T18:00:00+08:00",
        "approval": "auto"
    });
    if let (Some(window), Some(fields)) = (window.as_object_mut(), booking.as_object()) {
        window.extend(fields.clone());
    }
    let created = post_as(
        app,
        organiser,
        "/api/v1/markets",
        serde_json::json!({
            "title": "金良社区小集",
            "kind": "trunk_market",
            "starts_at": "2026-12-06T16:00:00+08:00",
            "ends_at": "2026-12-06T20:00:00+08:00",
            "host_unit": {"id": "hu-jinliang"},
            "venue": {"name": "金良社区稻香果园停车场", "town": "新桥镇", "village": "金良社区",
                      "address": "台州市路桥区新桥镇金良社区二嫂乡苑北侧"},
            "booking": window,
            "contact": {"name": "王社长", "phone": "0576-8238 2002"}
        }),
    )
    .await;
    assert_eq!(created.status(), 201);
    let market: Value = created.json().await.unwrap();
    let id = market["id"].as_str().unwrap();
    let laid = app
        .authed(
            reqwest::Method::PUT,
            &format!("/api/v1/markets/{id}/stalls"),
            organiser,
        )
        .json(&serde_json::json!({ "items": stalls }))
        .send()
        .await
        .unwrap();
    assert_eq!(laid.status(), 200);
    market
}
