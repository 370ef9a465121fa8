//! The Aliyun sender over real HTTP, against a stand-in endpoint on loopback that checks what a
//! provider checks: the action, the number, the template parameter and a well-formed signature.

use std::collections::HashMap;

use axum::{extract::Query, routing::get, Json, Router};
use jishi_core::Phone;
use jishi_server::sms::{AliyunConfig, AliyunSender, SmsError, SmsSender};
use serde_json::{json, Value};

async fn fake_provider(Query(query): Query<HashMap<String, String>>) -> Json<Value> {
    let ok = query.get("Action").map(String::as_str) == Some("SendSms")
        && query.get("PhoneNumbers").map(String::as_str) == Some("13800138000")
        && query.get("TemplateParam").map(String::as_str) == Some(r#"{"code":"246810"}"#)
        && query.get("SignatureMethod").map(String::as_str) == Some("HMAC-SHA1")
        && query
            .get("Signature")
            .is_some_and(|s| s.len() == 28 && s.ends_with('='))
        && query.get("AccessKeyId").map(String::as_str) == Some("good-key");
    if ok {
        Json(json!({ "Code": "OK", "Message": "OK" }))
    } else {
        Json(json!({ "Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "refused" }))
    }
}

async fn start_provider() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, Router::new().route("/", get(fake_provider)))
            .await
            .unwrap();
    });
    address
}

fn config(endpoint: String, key: &str) -> AliyunConfig {
    AliyunConfig {
        access_key_id: key.into(),
        access_key_secret: "secret".into(),
        sign_name: "集市通".into(),
        template_code: "SMS_000001".into(),
        message_templates: Vec::new(),
        endpoint,
    }
}

#[tokio::test]
async fn a_code_goes_out_as_a_signed_send_sms_call() {
    let endpoint = start_provider().await;
    let sender = AliyunSender::new(config(endpoint, "good-key"));

    let sent = sender
        .send_code(&Phone::parse("13800138000").unwrap(), "246810")
        .await;

    assert!(sent.is_ok(), "{sent:?}");
}

#[tokio::test]
async fn a_refusal_is_reported_with_the_providers_code() {
    let endpoint = start_provider().await;
    let sender = AliyunSender::new(config(endpoint, "revoked-key"));

    let sent = sender
        .send_code(&Phone::parse("13800138000").unwrap(), "246810")
        .await;

    assert!(
        matches!(&sent, Err(SmsError::Refused(reason)) if reason.contains("BUSINESS_LIMIT_CONTROL")),
        "{sent:?}"
    );
}

#[tokio::test]
async fn an_unreachable_provider_is_a_transport_error() {
    // A port nothing listens on: bind, note it, and close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sender = AliyunSender::new(config(format!("http://127.0.0.1:{port}/"), "good-key"));

    let sent = sender
        .send_code(&Phone::parse("13800138000").unwrap(), "246810")
        .await;

    assert!(matches!(sent, Err(SmsError::Transport(_))), "{sent:?}");
}
