//! WeChat's JS-SDK, signed by the server: with an official account's credentials configured
//! (`JISHI_WECHAT_APPID`, `JISHI_WECHAT_SECRET`), pages opened in WeChat ask for a signed
//! `wx.config` and then set their share cards and use WeChat's scanner. Without them nothing here
//! runs, and the apps never load WeChat's script.

mod api;
mod signature;
mod tokens;

use std::sync::Arc;

use jishi_core::wechat::{signed_url, JsConfig};
use rand::{distributions::Alphanumeric, Rng};

use crate::{clock::Clock, store::Db};

pub use signature::sign;

/// An official account's credentials and where its API is.
#[derive(Clone)]
pub struct WechatConfig {
    /// The official account's AppID.
    pub app_id: String,
    /// Its AppSecret (never logged).
    pub secret: String,
    /// The API's base URL (`https://api.weixin.qq.com`; tests point it at a fake).
    pub api: String,
}

impl std::fmt::Debug for WechatConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatConfig")
            .field("app_id", &self.app_id)
            .field("api", &self.api)
            .finish_non_exhaustive()
    }
}

/// Why a page could not be given a configuration.
#[derive(Debug, thiserror::Error)]
pub enum WechatError {
    /// The URL is not a page of this server's public origin.
    #[error("not a page of this site")]
    ForeignUrl,
    /// WeChat's API could not be reached.
    #[error("WeChat API unreachable")]
    Transport(#[from] reqwest::Error),
    /// WeChat took the access_token for no longer valid.
    #[error("WeChat refused a stale access_token")]
    StaleToken,
    /// WeChat refused (its code and message).
    #[error("WeChat refused: {0}")]
    Refused(String),
    /// The shared tokens could not be read or saved.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// The server's side of the JS-SDK for one official account; cheap to clone.
#[derive(Debug, Clone)]
pub struct Wechat(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    app_id: String,
    api: api::Client,
    access_token: tokens::Token,
    jsapi_ticket: tokens::Token,
    db: Db,
    clock: Clock,
}

/// The longest page address signed (WeChat's own limit is not documented; ours keeps work bounded).
const MAX_URL: usize = 2048;

impl Wechat {
    /// The JS-SDK's signer for `config`, keeping tokens in `db`.
    pub fn new(config: &WechatConfig, db: Db, clock: Clock) -> Self {
        Self(Arc::new(Inner {
            app_id: config.app_id.clone(),
            api: api::Client::new(&config.api, &config.app_id, &config.secret),
            access_token: tokens::Token::new(tokens::Kind::AccessToken, &config.app_id),
            jsapi_ticket: tokens::Token::new(tokens::Kind::JsapiTicket, &config.app_id),
            db,
            clock,
        }))
    }

    /// `wx.config` for the page at `url`, which must be a page of `origin` (a signature for
    /// another site's page would let it use our official account).
    pub async fn js_config(&self, url: &str, origin: &str) -> Result<JsConfig, WechatError> {
        let url = signed_url(url);
        if !is_page_of(url, origin) {
            return Err(WechatError::ForeignUrl);
        }
        let ticket = self.jsapi_ticket().await?;
        let timestamp = self.0.clock.now();
        let nonce_str: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(16)
            .map(char::from)
            .collect();
        Ok(JsConfig {
            app_id: self.0.app_id.clone(),
            timestamp,
            signature: sign(&ticket, &nonce_str, timestamp, url),
            nonce_str,
        })
    }

    /// The jsapi_ticket; asking for a new one takes an access_token, and an access_token WeChat
    /// calls stale (another holder of the credentials refreshed it) is refreshed once.
    async fn jsapi_ticket(&self) -> Result<String, WechatError> {
        let inner = &self.0;
        inner
            .jsapi_ticket
            .get(&inner.db, &inner.clock, || async {
                let token = self.access_token().await?;
                match inner.api.jsapi_ticket(&token).await {
                    Err(WechatError::StaleToken) => {
                        inner.access_token.expire(&inner.db, &token).await?;
                        let token = self.access_token().await?;
                        inner.api.jsapi_ticket(&token).await
                    }
                    issued => issued,
                }
            })
            .await
    }

    async fn access_token(&self) -> Result<String, WechatError> {
        let inner = &self.0;
        inner
            .access_token
            .get(&inner.db, &inner.clock, || inner.api.access_token())
            .await
    }
}

/// Whether `url` is a page of `origin` (`https://host[:port]`): the origin itself or a path under
/// it, with nothing a browser would read otherwise.
fn is_page_of(url: &str, origin: &str) -> bool {
    let Some(rest) = url.strip_prefix(origin) else {
        return false;
    };
    url.len() <= MAX_URL
        && (rest.is_empty() || rest.starts_with(['/', '?']))
        && !rest.starts_with("//")
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_the_public_origin_are_signed() {
        let origin = "https://jishi.example.cn";
        for own in [
            "https://jishi.example.cn",
            "https://jishi.example.cn/",
            "https://jishi.example.cn/m/m-1?from=group",
            "https://jishi.example.cn?x=1",
        ] {
            assert!(is_page_of(own, origin), "{own}");
        }
        for foreign in [
            "https://jishi.example.cn.evil.cn/",
            "https://jishi.example.cn@evil.cn/",
            "https://jishi.example.cn:8443/",
            "http://jishi.example.cn/",
            "https://evil.cn/?https://jishi.example.cn/",
            "https://jishi.example.cn//evil.cn/",
            "https://jishi.example.cn/\\evil",
            "https://jishi.example.cn/a b",
            "",
        ] {
            assert!(!is_page_of(foreign, origin), "{foreign}");
        }
        let long = format!("{origin}/{}", "a".repeat(MAX_URL));
        assert!(!is_page_of(&long, origin));
    }
}
