//! Files the app hands to the phone (a CSV table for Excel), made in the page: the answer is
//! fetched with the session's token, which a plain link could not send.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Hands the CSV `text` to the phone as the file `name`.
pub fn save_csv(text: &str, name: &str) {
    // The browser's text() drops the byte-order mark Excel needs; put it back.
    let text = format!("\u{feff}{}", text.trim_start_matches('\u{feff}'));
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(link) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // Some browsers read the file after the click returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
}
