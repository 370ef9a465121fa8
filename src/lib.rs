//! 集市通 Jishi, the web app: a Leptos client-side app for village markets.
//!
//! `app` is the router and shell, `pages` own their data, `components` take props only, `api` is the
//! only code that speaks HTTP, and `prefs` holds the few app-wide settings.

pub mod api;
pub mod app;
pub mod checkin;
pub mod clipboard;
pub mod clock;
pub mod components;
pub mod download;
pub mod fetch;
pub mod form_page;
pub mod gate;
pub mod organise;
pub mod pages;
pub mod prefs;
pub mod random;
pub mod retry;
pub mod router;
pub mod saved_schedule;
pub mod session;
pub mod stall;
mod storage;
pub mod wechat;

/// The translations, with the views that use them (`jishi_views`).
pub use jishi_views::i18n;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the villagers' app in `#app`, in place of the boot skeleton or of the page the server drew
/// (which the app's first render draws again, identically, from the answers the page carries). The
/// page itself (`index.html`) registers the service worker that keeps the app for weak networks.
pub fn mount() {
    start(app::App);
}

/// Mounts the organisers' app (`organise.html`) in `#app`.
pub fn mount_organiser() {
    start(organise::OrganiseApp);
}

/// Mounts the visitors' check-in page (the fourth app, `checkin.html`).
pub fn mount_checkin() {
    start(checkin::CheckinApp);
}

/// Mounts the gate's scanner (the third app, `gate.html`).
pub fn mount_gate() {
    start(gate::GateApp);
}

/// Mounts `app` in a task of its own, after the one that instantiated the wasm: two shorter tasks
/// block a slow phone's main thread less than one long one. Then marks `<html data-app="running">`:
/// the app has taken the page over (what tests wait for; a page the server drew looks the same).
fn start<V: IntoView + 'static>(app: fn() -> V) {
    set_timeout(
        move || {
            leptos::mount::mount_to(app_root(), app).forget();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("data-app", "running");
            }
        },
        std::time::Duration::ZERO,
    );
}

/// `#app`, emptied of the boot skeleton or the server's drawing.
fn app_root() -> web_sys::HtmlElement {
    let document = document();
    let root = document
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| document.body().expect("a page has a body"));
    root.set_inner_html("");
    root
}
