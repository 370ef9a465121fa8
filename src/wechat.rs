//! Inside WeChat's browser, on a server that signs WeChat's JS-SDK: `public/wechat.js` (loaded by
//! `style/start.js`, not part of this wasm) configures the SDK; the app tells it each page's share
//! card, and the gate asks it for WeChat's scanner. Elsewhere none of this does anything.

use jishi_core::wechat;
use jishi_views::{open_in_browser::OpenInBrowser, share::ShareCard};
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Whether this page runs in WeChat's browser.
pub fn in_wechat() -> bool {
    window()
        .navigator()
        .user_agent()
        .is_ok_and(|agent| wechat::is_wechat(&agent))
}

/// Whether WeChat's JS-SDK is at work on this page: in WeChat, on a server that signs it (the page
/// carries its mark).
fn sdk_here() -> bool {
    in_wechat()
        && document()
            .query_selector("meta[name=jishi-wechat]")
            .ok()
            .flatten()
            .is_some()
}

/// Sets the card a link to this page shows when shared from WeChat, whenever `card` changes; when
/// the page goes, the next one's (or the page's own title) takes its place.
pub fn use_share_card(card: impl Fn() -> Option<ShareCard> + 'static) {
    if !sdk_here() {
        return;
    }
    Effect::new(move |_| set_share_card(card()));
    on_cleanup(|| set_share_card(None));
}

/// `window.jishiShareCard`, and `wechat.js` told to hand it to WeChat.
fn set_share_card(card: Option<ShareCard>) {
    let value = match card {
        Some(card) => {
            let object = Object::new();
            for (name, value) in [
                ("title", card.title),
                ("desc", card.description),
                ("imgUrl", card.image),
            ] {
                let _ = Reflect::set(&object, &name.into(), &value.into());
            }
            object.into()
        }
        None => JsValue::NULL,
    };
    let _ = Reflect::set(&window(), &"jishiShareCard".into(), &value);
    announce("jishi:share");
}

/// WeChat's scanner for the gate: whether it is ready (reactive), and what it reads goes to
/// `on_read`. `None` where WeChat's JS-SDK is not at work.
pub fn use_wechat_scanner(on_read: Callback<String>) -> Option<Signal<bool>> {
    if !sdk_here() {
        return None;
    }
    let ready = RwSignal::new(
        document()
            .document_element()
            .is_some_and(|html| html.get_attribute("data-wechat").as_deref() == Some("ready")),
    );
    let listening = [
        window_event_listener_untyped("jishi:wechat-ready", move |_| ready.set(true)),
        window_event_listener_untyped("jishi:scanned", move |event| {
            let read = Reflect::get(&event, &"detail".into()).ok();
            if let Some(text) = read.and_then(|detail| detail.as_string()) {
                on_read.run(text);
            }
        }),
    ];
    on_cleanup(move || listening.into_iter().for_each(|handle| handle.remove()));
    Some(ready.into())
}

/// Opens WeChat's scanner (see [`use_wechat_scanner`]).
pub fn scan_with_wechat() {
    announce("jishi:scan");
}

fn announce(name: &str) {
    if let Ok(event) = web_sys::Event::new(name) {
        let _ = window().dispatch_event(&event);
    }
}

/// Where WeChat cannot do `why`'s thing on this page: the way out to the phone's browser, with
/// this page's link to copy.
#[component]
pub fn WayOutOfWechat(#[prop(into)] why: Signal<String>) -> impl IntoView {
    let href = window().location().href().unwrap_or_default();
    let link = wechat::signed_url(&href).to_owned();
    view! { <OpenInBrowser why link copier=crate::clipboard::copier()/> }
}
