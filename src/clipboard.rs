//! Copying a text for a WeChat group: the clipboard, when the browser lets a page write to it.

use leptos::prelude::window;

/// Puts `text` on the clipboard; false when the browser refused (WeChat's sometimes does: the
/// pages then show the text to long-press).
pub async fn copy(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}
