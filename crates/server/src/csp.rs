//! The Content-Security-Policy every answer carries. Scripts only from our origin, plus the inline
//! ones of the page being served, admitted by their SHA-256 (trunk's loader, the boot script);
//! `'wasm-unsafe-eval'` lets the apps compile their WebAssembly and nothing else run from strings;
//! no plugins, no `<base>` rewriting, and no framing (clickjacking of the booking, cancel and
//! organiser forms). Hashes are taken from the very page served, so a rebuilt app never runs
//! under a stale policy. With WeChat configured, a page opened in WeChat may also load WeChat's
//! JS-SDK from its one origin, and no other page may.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use base64::Engine;
use jishi_core::wechat;
use sha2::{Digest, Sha256};

/// The policy of answers with no inline script (the API, files, error pages).
pub const BASE: &str =
    "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The policy for `html`: [`BASE`] with the hash of each of its inline scripts.
pub fn for_page(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    BASE.replacen(
        "'wasm-unsafe-eval'",
        &format!("'wasm-unsafe-eval'{hashes}"),
        1,
    )
}

/// `policy` admitting WeChat's JS-SDK script besides our own.
pub fn admitting_wechat(policy: &str) -> String {
    policy.replacen(
        "script-src 'self'",
        &format!("script-src 'self' {}", wechat::SCRIPT_ORIGIN),
        1,
    )
}

/// Middleware, given whether WeChat is configured: then pages answered to WeChat's browser admit
/// its JS-SDK, and every page says its policy depends on the browser, so no cache gives one's to
/// the other. It sits outside the kept reads, which are the same for every browser.
pub async fn wechat_pages(
    State(configured): State<bool>,
    request: Request,
    next: Next,
) -> Response {
    if !configured {
        return next.run(request).await;
    }
    let in_wechat = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
        .is_some_and(wechat::is_wechat);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html"));
    if !is_page {
        return response;
    }
    headers.append(header::VARY, HeaderValue::from_static("User-Agent"));
    if in_wechat {
        let admitted = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|policy| policy.to_str().ok())
            .and_then(|policy| HeaderValue::from_str(&admitting_wechat(policy)).ok());
        if let Some(policy) = admitted {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    response
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find("<script")?;
        let after_name = &rest[start + "<script".len()..];
        let open_end = after_name.find('>')?;
        let attributes = &after_name[..open_end];
        let body = &after_name[open_end + 1..];
        let close = body.find("</script")?;
        rest = &body[close..];
        // `<scripts>` or `<script-x>` is another element; `src=` scripts are checked by 'self'.
        let is_script = attributes.is_empty() || attributes.starts_with(char::is_whitespace);
        if is_script && !has_src(attributes) {
            return Some(&body[..close]);
        }
    })
}

fn has_src(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_whitespace())
        .any(|attribute| attribute.to_ascii_lowercase().starts_with("src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_admitted_by_hash_and_external_ones_by_origin() {
        let html = "<head><script>boot()</script><script type=\"module\" nonce=\"x\">import init from '/a.js';</script>\
                    <script src=\"/b.js\"></script><scripts>not one</scripts></head>";
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["boot()", "import init from '/a.js';"]);

        let policy = for_page(html);
        // echo -n 'boot()' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("'sha256-MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY='"),
            "{policy}"
        );
        assert_eq!(policy.matches("'sha256-").count(), 2);
        assert!(policy.starts_with("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(policy.ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn wechats_script_is_admitted_by_its_one_origin() {
        let policy = admitting_wechat(&for_page("<script>boot()</script>"));
        assert!(
            policy
                .starts_with("script-src 'self' https://res.wx.qq.com 'wasm-unsafe-eval' 'sha256-"),
            "{policy}"
        );
        assert_eq!(policy.matches("https://").count(), 1);
    }

    #[test]
    fn a_page_without_inline_scripts_gets_the_base_policy() {
        assert_eq!(for_page("<p>集市通</p>"), BASE);
    }
}
