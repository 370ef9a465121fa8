//! WeChat's server API, the two calls the JS-SDK needs: an `access_token` for the official account
//! (`/cgi-bin/token`), and with it a `jsapi_ticket` (`/cgi-bin/ticket/getticket`). Both answer JSON
//! with `errcode` when they refuse.

use serde::Deserialize;

use super::WechatError;

/// WeChat's codes for an access_token that is no longer valid: invalid (another server of the
/// account refreshed it), expired, malformed.
const STALE_TOKEN: [i64; 3] = [40001, 42001, 40014];

/// A token or ticket and how many seconds it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub value: String,
    pub expires_in: i64,
}

/// Calls WeChat's API at `base` for one official account.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    app_id: String,
    secret: String,
}

/// What either call answers.
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    access_token: Option<String>,
    ticket: Option<String>,
    expires_in: Option<i64>,
}

impl Client {
    /// A client with a short timeout: a share card that waits longer is not worth having.
    pub fn new(base: &str, app_id: &str, secret: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(5))
                .build()
                .unwrap_or_default(),
            base: base.trim_end_matches('/').to_owned(),
            app_id: app_id.to_owned(),
            secret: secret.to_owned(),
        }
    }

    /// A new access_token.
    pub async fn access_token(&self) -> Result<Issued, WechatError> {
        let answer = self
            .call(
                "/cgi-bin/token",
                &[
                    ("grant_type", "client_credential"),
                    ("appid", &self.app_id),
                    ("secret", &self.secret),
                ],
            )
            .await?;
        issued(answer.access_token, answer.expires_in)
    }

    /// A new jsapi_ticket, asked with `access_token`.
    pub async fn jsapi_ticket(&self, access_token: &str) -> Result<Issued, WechatError> {
        let answer = self
            .call(
                "/cgi-bin/ticket/getticket",
                &[("access_token", access_token), ("type", "jsapi")],
            )
            .await?;
        issued(answer.ticket, answer.expires_in)
    }

    async fn call(&self, path: &str, query: &[(&str, &str)]) -> Result<Answer, WechatError> {
        let answer: Answer = self
            .http
            .get(format!("{}{path}", self.base))
            .query(query)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        match answer.errcode {
            0 => Ok(answer),
            code if STALE_TOKEN.contains(&code) => Err(WechatError::StaleToken),
            code => Err(WechatError::Refused(format!("{code} {}", answer.errmsg))),
        }
    }
}

fn issued(value: Option<String>, expires_in: Option<i64>) -> Result<Issued, WechatError> {
    match (value, expires_in) {
        (Some(value), Some(expires_in)) if !value.is_empty() && expires_in > 0 => {
            Ok(Issued { value, expires_in })
        }
        _ => Err(WechatError::Refused("an answer without a token".into())),
    }
}
