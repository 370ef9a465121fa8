//! 集市通 Jishi, the web app: a Leptos client-side app for village markets.
//!
//! `app` is the router and shell, `pages` own their data, `components` take props only, `api` is the
//! only code that speaks HTTP, and `prefs` holds the few app-wide settings.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod prefs;
pub mod saved_schedule;
pub mod session;
mod storage;
pub mod url;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the app in `#app`, replacing the skeleton that `index.html` shows while the wasm loads.
pub fn mount() {
    let document = document();
    let root = document
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| document.body().expect("a page has a body"));
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
}
