//! 集市通 Jishi, the web app: a Leptos client-side app for village markets.
//!
//! `app` is the router and shell, `pages` own their data, `components` take props only, `api` is the
//! only code that speaks HTTP, and `prefs` holds the few app-wide settings.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod i18n;
pub mod organise;
pub mod pages;
pub mod prefs;
pub mod random;
pub mod saved_schedule;
pub mod session;
mod storage;
pub mod url;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the villagers' app in `#app`, replacing the skeleton `index.html` shows while it loads.
pub fn mount() {
    leptos::mount::mount_to(app_root(), app::App).forget();
}

/// Mounts the organisers' app (`organise.html`) in `#app`.
pub fn mount_organiser() {
    leptos::mount::mount_to(app_root(), organise::OrganiseApp).forget();
}

/// Mounts the gate's scanner (the third app, `gate.html`).
pub fn mount_gate() {
    leptos::mount::mount_to(app_root(), organise::GateApp).forget();
}

/// `#app`, emptied of the boot skeleton.
fn app_root() -> web_sys::HtmlElement {
    let document = document();
    let root = document
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| document.body().expect("a page has a body"));
    root.set_inner_html("");
    root
}
