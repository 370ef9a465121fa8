//! The JS-SDK's signature, as WeChat documents it (JS-SDK, appendix 1): the four fields sorted by
//! name, written `key=value` joined by `&`, unescaped, and hashed with SHA-1 to lowercase hex.

use sha1::{Digest, Sha1};

/// The signature `wx.config` carries for the page at `url` (already without its fragment).
pub fn sign(jsapi_ticket: &str, nonce_str: &str, timestamp: i64, url: &str) -> String {
    // Already in the order of the names: jsapi_ticket < noncestr < timestamp < url.
    let text =
        format!("jsapi_ticket={jsapi_ticket}&noncestr={nonce_str}&timestamp={timestamp}&url={url}");
    crate::ids::hex(&Sha1::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of WeChat's JS-SDK documentation, appendix 1 (JS-SDK使用权限签名算法).
    #[test]
    fn the_worked_example_of_wechats_documentation_signs_alike() {
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        let signature = sign(
            ticket,
            "Wm3WZYTPz0wzccnW",
            1_414_587_457,
            "http://mp.weixin.qq.com?params=value",
        );
        assert_eq!(signature, "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    }
}
