//! Components with logic, mounted in headless Chromium by wasm-bindgen-test.

#![cfg(target_arch = "wasm32")]

use jishi::{
    api::ApiError,
    app::AppContext,
    components::{
        server_status::ServerStatus,
        settings::{ElderModeSwitch, LanguageSwitch},
    },
    prefs::{ELDER_KEY, LANG_KEY},
};
use jishi_views::shell::Tab;
use leptos::{prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh host element and a phone with nothing stored.
fn fresh_host() -> HtmlElement {
    let storage = window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let html = document().document_element().unwrap();
    html.class_list().remove_1("elder").unwrap();
    html.set_attribute("lang", "zh-CN").unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn stored(key: &str) -> Option<String> {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(key)
        .unwrap()
}

fn find(host: &HtmlElement, selector: &str) -> HtmlElement {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is on the page"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn elder_mode_switches_on_and_off_and_is_remembered() {
    let host = fresh_host();
    let _app = leptos::mount::mount_to(
        host.clone(),
        || view! { <AppContext><ElderModeSwitch/></AppContext> },
    );
    tick().await;
    let switch = find(&host, "[role=switch]");
    let html = document().document_element().unwrap();
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    assert!(!html.class_list().contains("elder"));

    switch.click();
    tick().await;

    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    assert!(html.class_list().contains("elder"));
    assert_eq!(stored(ELDER_KEY).as_deref(), Some("1"));

    switch.click();
    tick().await;

    assert!(!html.class_list().contains("elder"));
    assert_eq!(stored(ELDER_KEY).as_deref(), Some("0"));
}

#[wasm_bindgen_test]
async fn switching_to_english_translates_the_screen_and_is_remembered() {
    let host = fresh_host();
    let _app = leptos::mount::mount_to(host.clone(), || {
        view! { <AppContext><LanguageSwitch/><ElderModeSwitch/></AppContext> }
    });
    tick().await;
    assert_eq!(
        find(&host, "#elder-label").text_content().as_deref(),
        Some("长辈模式")
    );
    let english = find(&host, "button[lang=en]");
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );

    english.click();
    tick().await;

    assert_eq!(
        find(&host, "#elder-label").text_content().as_deref(),
        Some("Elder mode")
    );
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    assert_eq!(stored(LANG_KEY).as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn a_stored_choice_applies_from_the_first_render() {
    let host = fresh_host();
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item(LANG_KEY, "en").unwrap();
    storage.set_item(ELDER_KEY, "1").unwrap();

    let _app = leptos::mount::mount_to(
        host.clone(),
        || view! { <AppContext><ElderModeSwitch/></AppContext> },
    );
    tick().await;

    assert_eq!(
        find(&host, "#elder-label").text_content().as_deref(),
        Some("Elder mode")
    );
    assert_eq!(
        find(&host, "[role=switch]")
            .get_attribute("aria-checked")
            .as_deref(),
        Some("true")
    );
    assert!(document()
        .document_element()
        .unwrap()
        .class_list()
        .contains("elder"));
}

#[wasm_bindgen_test]
async fn the_server_banner_explains_and_retries() {
    let host = fresh_host();
    let error = RwSignal::new(None::<ApiError>);
    let retries = RwSignal::new(0);
    let _app = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <AppContext>
                <ServerStatus error on_retry=Callback::new(move |()| retries.update(|n| *n += 1))/>
            </AppContext>
        }
    });
    tick().await;
    assert!(
        host.query_selector("[role=alert]").unwrap().is_none(),
        "no banner while all is well"
    );

    error.set(Some(ApiError::Unreachable));
    tick().await;
    let banner = find(&host, "[role=alert]");
    assert!(banner.text_content().unwrap().contains("网络不给力"));
    find(&host, "[role=alert] button").click();
    tick().await;
    assert_eq!(retries.get_untracked(), 1);

    error.set(Some(ApiError::Server {
        status: 503,
        code: jishi_core::ErrorCode::Unavailable,
        message: "服务暂时不可用，请稍后再试。".into(),
        field: None,
        tries_left: None,
    }));
    tick().await;
    assert!(find(&host, "[role=alert]")
        .text_content()
        .unwrap()
        .contains("服务暂时不可用"));

    error.set(None);
    tick().await;
    assert!(host.query_selector("[role=alert]").unwrap().is_none());
}

#[wasm_bindgen_test]
fn paths_belong_to_their_tab() {
    assert_eq!(Tab::for_path("/"), Some(Tab::Markets));
    assert_eq!(Tab::for_path("/m/42"), Some(Tab::Markets));
    assert_eq!(Tab::for_path("/products"), Some(Tab::Products));
    assert_eq!(Tab::for_path("/me"), Some(Tab::Me));
    assert_eq!(Tab::for_path("/me/bookings"), Some(Tab::Me));
    assert_eq!(Tab::for_path("/nowhere"), None);
    assert_eq!(Tab::for_path("/mexico"), None);
}
