//! Alibaba Cloud SMS (`dysmsapi`, `SendSms`, API version 2017-05-25) with the RPC signature:
//! HMAC-SHA1 over the canonical query, keyed with the secret plus `&`.

use crate::ids::hex;
use anyhow::Context;
use base64::Engine;
use hmac::{Hmac, Mac};
use jishi_core::Phone;
use serde::Deserialize;

use jishi_core::message::MessageKind;

use super::{Delivery, Handed, Outgoing, SmsError, SmsSender};

/// Credentials and template, from `JISHI_SMS_ALIYUN_*` environment variables.
#[derive(Clone)]
pub struct AliyunConfig {
    /// AccessKey id.
    pub access_key_id: String,
    /// AccessKey secret (never logged).
    pub access_key_secret: String,
    /// The approved signature name (短信签名), e.g. 集市通.
    pub sign_name: String,
    /// The approved template code whose text has a `${code}` parameter.
    pub template_code: String,
    /// The approved template of each kind of message (`JISHI_SMS_ALIYUN_TEMPLATE_APPROVED`…),
    /// whose parameters are those the message carries; a kind without one is not sent.
    pub message_templates: Vec<(MessageKind, String)>,
    /// The API endpoint; overridable for tests.
    pub endpoint: String,
}

impl std::fmt::Debug for AliyunConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AliyunConfig")
            .field("access_key_id", &self.access_key_id)
            .field("sign_name", &self.sign_name)
            .field("template_code", &self.template_code)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl AliyunConfig {
    /// Reads the configuration; every variable but the endpoint is required.
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| {
            std::env::var(name).with_context(|| format!("{name} must be set for JISHI_SMS=aliyun"))
        };
        Ok(Self {
            access_key_id: var("JISHI_SMS_ALIYUN_KEY_ID")?,
            access_key_secret: var("JISHI_SMS_ALIYUN_KEY_SECRET")?,
            sign_name: var("JISHI_SMS_ALIYUN_SIGN_NAME")?,
            template_code: var("JISHI_SMS_ALIYUN_TEMPLATE")?,
            message_templates: MessageKind::ALL
                .into_iter()
                .filter_map(|kind| {
                    let name = format!(
                        "JISHI_SMS_ALIYUN_TEMPLATE_{}",
                        kind.as_str().to_ascii_uppercase()
                    );
                    Some((kind, std::env::var(name).ok()?))
                })
                .collect(),
            endpoint: std::env::var("JISHI_SMS_ALIYUN_ENDPOINT")
                .unwrap_or_else(|_| "https://dysmsapi.aliyuncs.com/".into()),
        })
    }
}

/// Sends codes through Alibaba Cloud.
#[derive(Debug)]
pub struct AliyunSender {
    config: AliyunConfig,
    client: reqwest::Client,
}

impl AliyunSender {
    /// A sender with its own HTTP client (10 s timeout: a code that arrives later is useless).
    pub fn new(config: AliyunConfig) -> Self {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Self { config, client }
    }
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
    /// `SendSms`: the hand-over's id, for `QuerySendDetails`.
    #[serde(rename = "BizId", default)]
    biz_id: String,
    /// `QuerySendDetails`: the receipts found.
    #[serde(rename = "SmsSendDetailDTOs", default)]
    details: Details,
}

#[derive(Deserialize, Default)]
struct Details {
    #[serde(rename = "SmsSendDetailDTO", default)]
    items: Vec<Detail>,
}

#[derive(Deserialize)]
struct Detail {
    /// 1 waiting for the receipt, 2 not delivered, 3 delivered.
    #[serde(rename = "SendStatus")]
    status: i64,
    #[serde(rename = "ErrCode", default)]
    error: String,
}

#[async_trait::async_trait]
impl SmsSender for AliyunSender {
    async fn send_code(&self, phone: &Phone, code: &str) -> Result<(), SmsError> {
        let params = serde_json::json!({ "code": code }).to_string();
        self.send(phone.as_str(), &self.config.template_code, &params, None)
            .await
            .map(|_| ())
    }

    async fn send_message(&self, message: Outgoing<'_>) -> Result<Handed, SmsError> {
        let template = self
            .config
            .message_templates
            .iter()
            .find(|(kind, _)| *kind == message.kind)
            .map(|(_, template)| template.as_str())
            .ok_or_else(|| {
                SmsError::Refused(format!(
                    "no template for {} messages",
                    message.kind.as_str()
                ))
            })?;
        let answer = self
            .send(message.phone, template, message.params, Some(message.id))
            .await?;
        Ok(Handed {
            receipt: Some(answer.biz_id).filter(|id| !id.is_empty()),
        })
    }

    async fn delivery(
        &self,
        phone: &str,
        receipt: &str,
        sent_at: i64,
    ) -> Result<Delivery, SmsError> {
        let day = jishi_core::when::china_time(sent_at).date();
        let send_date = format!(
            "{:04}{:02}{:02}",
            day.year(),
            u8::from(day.month()),
            day.day()
        );
        let answer = self
            .call(vec![
                ("Action", "QuerySendDetails".into()),
                ("PhoneNumber", phone.to_owned()),
                ("BizId", receipt.to_owned()),
                ("SendDate", send_date),
                ("PageSize", "10".into()),
                ("CurrentPage", "1".into()),
            ])
            .await?;
        Ok(match answer.details.items.first() {
            Some(Detail { status: 3, .. }) => Delivery::Delivered,
            Some(Detail { status: 2, error }) => Delivery::Undelivered(error.clone()),
            _ => Delivery::Waiting,
        })
    }
}

impl AliyunSender {
    /// One `SendSms`: `out_id` (the provider's `OutId`) names the message, so the provider's
    /// records tie a delivery to it and a second hand-over of it can be told apart.
    async fn send(
        &self,
        phone: &str,
        template: &str,
        params: &str,
        out_id: Option<&str>,
    ) -> Result<Answer, SmsError> {
        let mut query = vec![
            ("Action", "SendSms".into()),
            ("PhoneNumbers", phone.to_owned()),
            ("SignName", self.config.sign_name.clone()),
            ("TemplateCode", template.to_owned()),
            ("TemplateParam", params.to_owned()),
        ];
        if let Some(out_id) = out_id {
            query.push(("OutId", out_id.to_owned()));
        }
        self.call(query).await
    }

    /// One signed RPC call with the action's own `params`; a refusal is an error.
    async fn call(&self, mut params: Vec<(&str, String)>) -> Result<Answer, SmsError> {
        let nonce = crate::ids::random_bytes::<16>();
        params.extend([
            ("AccessKeyId", self.config.access_key_id.clone()),
            ("Format", "JSON".into()),
            ("RegionId", "cn-hangzhou".into()),
            ("SignatureMethod", "HMAC-SHA1".into()),
            ("SignatureNonce", hex(&nonce)),
            ("SignatureVersion", "1.0".into()),
            ("Timestamp", utc_timestamp(std::time::SystemTime::now())),
            ("Version", "2017-05-25".into()),
        ]);
        let query = signed_query(params, &self.config.access_key_secret);
        let answer: Answer = self
            .client
            .get(format!("{}?{query}", self.config.endpoint))
            .send()
            .await?
            .json()
            .await?;
        if answer.code == "OK" {
            Ok(answer)
        } else {
            Err(SmsError::Refused(format!(
                "{}: {}",
                answer.code, answer.message
            )))
        }
    }
}

/// The query string with its `Signature`, per Alibaba Cloud's RPC signing rules.
fn signed_query(mut params: Vec<(&str, String)>, secret: &str) -> String {
    params.sort_by(|a, b| a.0.cmp(b.0));
    let canonical = params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let to_sign = format!("GET&{}&{}", percent_encode("/"), percent_encode(&canonical));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    format!("Signature={}&{canonical}", percent_encode(&signature))
}

/// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` as `%XX` (space is `%20`).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `2026-11-29T01:02:03Z`.
fn utc_timestamp(at: std::time::SystemTime) -> String {
    let secs = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_follows_rfc_3986() {
        assert_eq!(percent_encode("a b*c~d"), "a%20b%2Ac~d");
        assert_eq!(percent_encode("集市"), "%E9%9B%86%E5%B8%82");
        assert_eq!(
            percent_encode("{\"code\":\"1\"}"),
            "%7B%22code%22%3A%221%22%7D"
        );
    }

    #[test]
    fn timestamps_are_utc_iso_8601() {
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_914_123);
        assert_eq!(utc_timestamp(at), "2026-11-29T01:02:03Z");
        assert_eq!(utc_timestamp(std::time::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn the_signature_matches_an_independent_hmac_sha1() {
        // Expected value computed separately (Python's hmac/hashlib/urllib.parse.quote) for the
        // same parameters and secret.
        let query = signed_query(
            vec![
                ("Action", "SendSms".into()),
                ("AccessKeyId", "testId".into()),
                ("TemplateParam", "{\"code\":\"123456\"}".into()),
                ("SignName", "集市通".into()),
            ],
            "testSecret",
        );
        let expected_canonical = "AccessKeyId=testId&Action=SendSms&SignName=%E9%9B%86%E5%B8%82%E9%80%9A&TemplateParam=%7B%22code%22%3A%22123456%22%7D";
        assert!(query.ends_with(expected_canonical), "{query}");
        assert_eq!(
            query.split('&').next().unwrap(),
            format!("Signature={}", EXPECTED_SIGNATURE)
        );
    }

    const EXPECTED_SIGNATURE: &str = "9GQy3htwmaWEhNaCdE3qOhtBMoM%3D";
}
