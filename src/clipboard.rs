//! Copying a text for a WeChat group: the clipboard, when the browser lets a page write to it.

use leptos::prelude::*;

/// Puts `text` on the clipboard; false when the browser refused (WeChat's sometimes does: the
/// pages then show the text to long-press).
pub async fn copy(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// A copy button's action and its outcome: the callback copies the text it is given, and the signal
/// says whether the last copy worked (`None` before the first).
pub fn copier() -> (Callback<String>, RwSignal<Option<bool>>) {
    let copied = RwSignal::new(None::<bool>);
    let copy = Callback::new(move |text: String| {
        leptos::task::spawn_local(async move {
            copied.set(Some(copy(&text).await));
        });
    });
    (copy, copied)
}
