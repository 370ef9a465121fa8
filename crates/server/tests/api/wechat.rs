//! WeChat's JS-SDK against a stand-in for WeChat's API on loopback: the signed `wx.config`, the
//! token and ticket fetched once however many pages ask (on one server or two), a stale token
//! (`40001`) refreshed once, refusals; the policy that admits WeChat's script; the share picture.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use axum::{extract::Query, extract::State, routing::get, Json, Router};
use jishi_server::{cli::ServeArgs, services::wechat::sign, static_files::WECHAT_MARK};
use serde_json::{json, Value};

use crate::helpers::{
    error_code, spawn_app, spawn_app_configured, spawn_beside_configured, TestApp,
};

const ORIGIN: &str = "https://jishi.example.cn";
const WECHAT_UA: &str =
    "Mozilla/5.0 (Linux; Android 10; V2036A) AppleWebKit/537.36 (KHTML, like Gecko) \
    Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230405 \
    MicroMessenger/8.0.35.2360(0x28002337) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64";

/// What the stand-in for WeChat's API has issued and refuses.
#[derive(Default)]
struct Fake {
    tokens: AtomicUsize,
    tickets: AtomicUsize,
    /// Tokens it answers `40001` for (another holder of the credentials refreshed them).
    revoked: Mutex<Vec<String>>,
    /// Revokes every token it issues.
    revoke_all: std::sync::atomic::AtomicBool,
    last_ticket: Mutex<String>,
}

async fn token(
    State(fake): State<Arc<Fake>>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    // Slow enough that requests arriving together find the refresh in flight.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let n = fake.tokens.fetch_add(1, Ordering::SeqCst) + 1;
    let field = |k: &str| q.get(k).map(String::as_str);
    if field("grant_type") != Some("client_credential") || field("appid") != Some("wx-test") {
        return Json(json!({ "errcode": 40013, "errmsg": "invalid appid" }));
    }
    if field("secret") != Some("good-secret") {
        return Json(json!({ "errcode": 40125, "errmsg": "invalid appsecret" }));
    }
    let token = format!("token-{n}");
    if fake.revoke_all.load(Ordering::SeqCst) {
        fake.revoked.lock().unwrap().push(token.clone());
    }
    Json(json!({ "access_token": token, "expires_in": 7200 }))
}

async fn ticket(
    State(fake): State<Arc<Fake>>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    tokio::time::sleep(Duration::from_millis(50)).await;
    let token = q.get("access_token").cloned().unwrap_or_default();
    if q.get("type").map(String::as_str) != Some("jsapi") || !token.starts_with("token-") {
        return Json(json!({ "errcode": 40014, "errmsg": "invalid access_token" }));
    }
    if fake.revoked.lock().unwrap().contains(&token) {
        return Json(
            json!({ "errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest" }),
        );
    }
    let n = fake.tickets.fetch_add(1, Ordering::SeqCst) + 1;
    let ticket = format!("ticket-{n}-for-{token}");
    *fake.last_ticket.lock().unwrap() = ticket.clone();
    Json(json!({ "errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": 7200 }))
}

async fn start_wechat() -> (Arc<Fake>, String) {
    let fake = Arc::new(Fake::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/cgi-bin/token", get(token))
        .route("/cgi-bin/ticket/getticket", get(ticket))
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (fake, base)
}

fn configured(api: &str, secret: &str) -> impl FnOnce(&mut ServeArgs) {
    let (api, secret) = (api.to_owned(), secret.to_owned());
    move |args| {
        args.public_url = Some(ORIGIN.into());
        args.wechat.app_id = Some("wx-test".into());
        args.wechat.secret = Some(secret);
        args.wechat.api = api;
    }
}

/// The statuses of js-config asked of each of `apps` at once.
async fn all_at_once(apps: &[&TestApp], url: &str) -> Vec<u16> {
    let mut asks = tokio::task::JoinSet::new();
    for app in apps {
        let ask = app.client.get(format!(
            "{}/api/v1/wechat/js-config?url={}",
            app.address,
            jishi_core::url::encode(url, "")
        ));
        asks.spawn(async move { ask.send().await.unwrap().status().as_u16() });
    }
    asks.join_all().await
}

async fn js_config(app: &TestApp, url: &str) -> reqwest::Response {
    app.get(&format!(
        "/api/v1/wechat/js-config?url={}",
        jishi_core::url::encode(url, "")
    ))
    .await
}

#[tokio::test]
async fn a_page_of_the_site_is_signed_as_wechat_documents() {
    let (fake, api) = start_wechat().await;
    let app = spawn_app_configured(configured(&api, "good-secret")).await;

    let page = format!("{ORIGIN}/m/m-xiaotong-loquat?from=singlemessage#stalls");
    let response = js_config(&app, &page).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let config: Value = response.json().await.unwrap();
    assert_eq!(config["appId"], "wx-test");
    assert_eq!(config["timestamp"], app.clock.now());
    let nonce = config["nonceStr"].as_str().unwrap();
    assert!(
        nonce.len() == 16 && nonce.chars().all(|c| c.is_ascii_alphanumeric()),
        "{nonce}"
    );
    // Signed over the address without its fragment, with the ticket WeChat issued.
    let ticket = fake.last_ticket.lock().unwrap().clone();
    let without_fragment = format!("{ORIGIN}/m/m-xiaotong-loquat?from=singlemessage");
    assert_eq!(
        config["signature"],
        sign(&ticket, nonce, app.clock.now(), &without_fragment)
    );
    let again: Value = js_config(&app, &page).await.json().await.unwrap();
    assert_ne!(
        again["nonceStr"], config["nonceStr"],
        "a new nonce each time"
    );
    assert_eq!(
        (
            fake.tokens.load(Ordering::SeqCst),
            fake.tickets.load(Ordering::SeqCst)
        ),
        (1, 1)
    );
}

#[tokio::test]
async fn only_pages_of_the_public_origin_are_signed() {
    let (fake, api) = start_wechat().await;
    let app = spawn_app_configured(configured(&api, "good-secret")).await;
    for foreign in [
        "https://evil.example.cn/",
        "https://jishi.example.cn.evil.cn/m/x",
        "http://jishi.example.cn/",
        "https://jishi.example.cn@evil.cn/",
    ] {
        let (status, code) = error_code(js_config(&app, foreign).await).await;
        assert_eq!((status, code.as_str()), (422, "invalid_input"), "{foreign}");
    }
    let (status, _) = error_code(app.get("/api/v1/wechat/js-config").await).await;
    assert_eq!(status, 400);
    assert_eq!(
        fake.tokens.load(Ordering::SeqCst),
        0,
        "nothing asked of WeChat for them"
    );
}

#[tokio::test]
async fn pages_asking_at_once_on_two_servers_cause_one_token_and_one_ticket() {
    let (fake, api) = start_wechat().await;
    let first = spawn_app_configured(configured(&api, "good-secret")).await;
    let second = spawn_beside_configured(&first, configured(&api, "good-secret")).await;
    let page = format!("{ORIGIN}/");
    let apps: Vec<&TestApp> = (0..40)
        .map(|i| if i % 2 == 0 { &first } else { &second })
        .collect();
    for status in all_at_once(&apps, &page).await {
        assert_eq!(status, 200);
    }
    assert_eq!(fake.tokens.load(Ordering::SeqCst), 1);
    assert_eq!(fake.tickets.load(Ordering::SeqCst), 1);

    // Kept until shortly before they expire, then refreshed once.
    first.clock.advance(7200 - 601);
    second.clock.advance(7200 - 601);
    assert_eq!(js_config(&second, &page).await.status(), 200);
    assert_eq!(
        (
            fake.tokens.load(Ordering::SeqCst),
            fake.tickets.load(Ordering::SeqCst)
        ),
        (1, 1)
    );
    first.clock.advance(2);
    second.clock.advance(2);
    for status in all_at_once(&[&first, &second], &page).await {
        assert_eq!(status, 200);
    }
    assert_eq!(
        (
            fake.tokens.load(Ordering::SeqCst),
            fake.tickets.load(Ordering::SeqCst)
        ),
        (2, 2)
    );
}

#[tokio::test]
async fn a_token_wechat_calls_stale_is_refreshed_once() {
    let (fake, api) = start_wechat().await;
    // Someone else with the credentials refreshed it: WeChat answers 40001 for the first token.
    fake.revoked.lock().unwrap().push("token-1".into());
    let app = spawn_app_configured(configured(&api, "good-secret")).await;
    let page = format!("{ORIGIN}/");

    assert_eq!(js_config(&app, &page).await.status(), 200);
    assert_eq!(
        fake.tokens.load(Ordering::SeqCst),
        2,
        "one refresh after 40001"
    );
    assert!(fake.last_ticket.lock().unwrap().ends_with("token-2"));
    assert_eq!(js_config(&app, &page).await.status(), 200);
    assert_eq!(fake.tokens.load(Ordering::SeqCst), 2);

    // A token refused every time is not asked for in a loop.
    let (fake, api) = start_wechat().await;
    fake.revoke_all.store(true, Ordering::SeqCst);
    let app = spawn_app_configured(configured(&api, "good-secret")).await;
    let (status, code) = error_code(js_config(&app, &page).await).await;
    assert_eq!((status, code.as_str()), (503, "unavailable"));
    assert_eq!(fake.tokens.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn wechat_refusing_is_unavailable_and_the_next_page_tries_again() {
    let (fake, api) = start_wechat().await;
    let app = spawn_app_configured(configured(&api, "wrong-secret")).await;
    let page = format!("{ORIGIN}/");
    let (status, code) = error_code(js_config(&app, &page).await).await;
    assert_eq!((status, code.as_str()), (503, "unavailable"));
    let (status, _) = error_code(js_config(&app, &page).await).await;
    assert_eq!(status, 503);
    assert_eq!(fake.tokens.load(Ordering::SeqCst), 2);
    assert_eq!(fake.tickets.load(Ordering::SeqCst), 0);

    // WeChat's API not answering at all.
    let app = spawn_app_configured(configured("http://127.0.0.1:9", "good-secret")).await;
    let (status, code) = error_code(js_config(&app, &page).await).await;
    assert_eq!((status, code.as_str()), (503, "unavailable"));
}

#[tokio::test]
async fn without_an_official_account_nothing_of_wechat_is_there() {
    let app = spawn_app().await;
    let (status, code) = error_code(js_config(&app, "http://127.0.0.1/").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    let page = app
        .client
        .get(format!("{}/m/m-xiaotong-loquat", app.address))
        .header("user-agent", WECHAT_UA)
        .send()
        .await
        .unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(!policy.contains("wx.qq.com"), "{policy}");
    assert!(!page
        .headers()
        .get_all("vary")
        .iter()
        .any(|v| v == "User-Agent"));
    assert!(!page.text().await.unwrap().contains("jishi-wechat"));
}

#[tokio::test]
async fn wechats_browser_alone_may_load_its_script_from_its_one_origin() {
    let (_fake, api) = start_wechat().await;
    let app = spawn_app_configured(configured(&api, "good-secret")).await;
    let ask = |path: &str, agent: &str| {
        app.client
            .get(format!("{}{path}", app.address))
            .header("user-agent", agent)
            .send()
    };
    for path in [
        "/",
        "/m/m-xiaotong-loquat",
        "/organise",
        "/gate/m-xiaotong-loquat",
    ] {
        let page = ask(path, WECHAT_UA).await.unwrap();
        let policy = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            policy.starts_with("script-src 'self' https://res.wx.qq.com 'wasm-unsafe-eval'"),
            "{path}: {policy}"
        );
        assert!(
            page.headers()
                .get_all("vary")
                .iter()
                .any(|v| v == "User-Agent"),
            "{path}"
        );
        // Every browser is told the server signs; only WeChat's acts on it.
        assert!(page.text().await.unwrap().contains(WECHAT_MARK), "{path}");

        let page = ask(
            path,
            "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile Safari/537.36",
        )
        .await
        .unwrap();
        let policy = page.headers()["content-security-policy"].to_str().unwrap();
        assert!(!policy.contains("wx.qq.com"), "{path}: {policy}");
    }
    // Answers that are not pages run no script at all.
    let api_answer = ask("/api/v1/markets", WECHAT_UA).await.unwrap();
    let policy = api_answer.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(!policy.contains("wx.qq.com"), "{policy}");
}

#[tokio::test]
async fn a_market_has_a_share_picture_named_by_its_page() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/markets/m-xiaotong-loquat/share.png").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    let png = response.bytes().await.unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (width, height) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (500, 400));

    let (status, code) = error_code(app.get("/api/v1/markets/m-nowhere/share.png").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    assert_eq!(app.get("/api/v1/share.png").await.status(), 200);

    let html = app.get("/m/m-xiaotong-loquat").await.text().await.unwrap();
    let picture = format!(
        "<meta property=\"og:image\" content=\"{}/api/v1/markets/m-xiaotong-loquat/share.png\">",
        app.address
    );
    assert!(html.contains(&picture), "{html}");
    let schedule = app.get("/").await.text().await.unwrap();
    assert!(
        schedule.contains(&format!(
            "<meta property=\"og:image\" content=\"{}/api/v1/share.png\">",
            app.address
        )),
        "{schedule}"
    );
}
