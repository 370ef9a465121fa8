//! 集市通 Jishi, the web app: a Leptos client-side app for village markets.
//!
//! `app` is the router and shell, `pages` own their data, `components` take props only, `api` is the
//! only code that speaks HTTP, and `prefs` holds the few app-wide settings.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod organise;
pub mod pages;
pub mod prefs;
pub mod random;
pub mod saved_schedule;
pub mod session;
mod storage;

/// The translations, with the views that use them (`jishi_views`).
pub use jishi_views::i18n;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the villagers' app in `#app`, in place of the boot skeleton or of the page the server drew
/// (which the app's first render draws again, identically, from the answers the page carries).
pub fn mount() {
    leptos::mount::mount_to(app_root(), app::App).forget();
    mark_running();
}

/// Mounts the organisers' app (`organise.html`) in `#app`.
pub fn mount_organiser() {
    leptos::mount::mount_to(app_root(), organise::OrganiseApp).forget();
    mark_running();
}

/// Mounts the gate's scanner (the third app, `gate.html`).
pub fn mount_gate() {
    leptos::mount::mount_to(app_root(), organise::GateApp).forget();
    mark_running();
}

/// `<html data-app="running">`: the app has taken the page over (what tests wait for; a page the
/// server drew looks the same before and after).
fn mark_running() {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-app", "running");
    }
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
