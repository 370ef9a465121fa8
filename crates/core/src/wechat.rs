//! Inside WeChat: what the server and the apps agree on to use its JS-SDK (share cards, its
//! scanner). WeChat's in-app browser reads a shared link's card from the JS-SDK, not from `og:`
//! tags, and the SDK works only after `wx.config` with a signature the server makes.

use serde::{Deserialize, Serialize};

/// The JS-SDK's script. WeChat serves it from its own origin only; the page's policy admits that
/// origin for WeChat's browser when the server is configured for WeChat.
pub const SCRIPT: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";

/// The origin of [`SCRIPT`], as a Content-Security-Policy source.
pub const SCRIPT_ORIGIN: &str = "https://res.wx.qq.com";

/// Whether a browser's user agent is WeChat's in-app browser (also its desktop and work editions,
/// which all say `MicroMessenger`).
pub fn is_wechat(user_agent: &str) -> bool {
    user_agent.contains("MicroMessenger")
}

/// `GET /api/v1/wechat/js-config?url=`: what `wx.config` takes for the page at `url`, in the
/// JS-SDK's own field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JsConfig {
    /// The official account's AppID.
    pub app_id: String,
    /// Unix seconds the signature was made at.
    pub timestamp: i64,
    /// A random string signed with the rest.
    pub nonce_str: String,
    /// SHA-1 (hex) of the ticket, the nonce, the timestamp and the URL, as WeChat documents it.
    pub signature: String,
}

/// The page address WeChat checks a signature against: the URL without its `#` fragment.
pub fn signed_url(url: &str) -> &str {
    url.split('#').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_is_known_by_its_user_agent() {
        let android = "Mozilla/5.0 (Linux; Android 10; V2036A) AppleWebKit/537.36 (KHTML, like Gecko) \
                       Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230405 \
                       MMWEBID/6313 MicroMessenger/8.0.35.2360(0x28002337) WeChat/arm64 Weixin NetType/4G";
        assert!(is_wechat(android));
        assert!(!is_wechat(
            "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile Safari/537.36"
        ));
    }

    #[test]
    fn the_fragment_is_not_signed() {
        assert_eq!(
            signed_url("https://a.cn/m/x?y=1#top"),
            "https://a.cn/m/x?y=1"
        );
        assert_eq!(signed_url("https://a.cn/"), "https://a.cn/");
    }
}
