//! Copying a text for a WeChat group: the clipboard, when the browser lets a page write to it.

use jishi_views::open_in_browser::Copier;
use leptos::prelude::*;

/// Puts `text` on the clipboard; false when the browser refused (WeChat's sometimes does: the
/// pages then show the text to long-press).
pub async fn copy(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// A copy button's action and its outcome: its callback copies the text it is given, and its
/// signal says whether the last copy worked (`None` before the first).
pub fn copier() -> Copier {
    let copied = RwSignal::new(None::<bool>);
    let copy_text = Callback::new(move |text: String| {
        leptos::task::spawn_local(async move {
            copied.set(Some(copy(&text).await));
        });
    });
    Copier {
        copy: copy_text,
        copied: copied.into(),
    }
}
