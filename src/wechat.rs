//! Inside WeChat's browser: its JS-SDK, configured with the server's signature for this page, sets
//! the card a shared link shows (WeChat reads no `og:` tags) and lends the gate WeChat's scanner.
//! Outside WeChat, or when the server has no official account (its pages then carry no
//! `jishi-wechat` mark), none of this runs: no request, and WeChat's script is never loaded.

use jishi_core::wechat;
use jishi_views::{open_in_browser::OpenInBrowser, share::ShareCard};
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;

use crate::api;

/// The JS-SDK's calls this app makes.
const CALLS: [&str; 3] = [
    "updateAppMessageShareData",
    "updateTimelineShareData",
    "scanQRCode",
];

/// Where the JS-SDK stands for this visit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sdk {
    /// Signing for the page at this address.
    Signing(String),
    /// Configured for it.
    Ready(String),
    /// Not to be had for it (no official account, WeChat refused, no network).
    Unavailable(String),
}

/// The JS-SDK for this visit, provided inside WeChat only.
#[derive(Debug, Clone, Copy)]
pub struct Wechat {
    sdk: RwSignal<Option<Sdk>>,
    /// The address the visit started at: on iPhone WeChat checks the signature against it, not
    /// against where the app has since gone.
    landing: StoredValue<String>,
}

/// Whether this page runs in WeChat's browser.
pub fn in_wechat() -> bool {
    window()
        .navigator()
        .user_agent()
        .is_ok_and(|agent| wechat::is_wechat(&agent))
}

/// Provides [`Wechat`] when inside WeChat and the server signs for it (each app's context does
/// this once).
pub fn provide_wechat() {
    let signed_here = document()
        .query_selector("meta[name=jishi-wechat]")
        .ok()
        .flatten()
        .is_some();
    if signed_here && in_wechat() {
        provide_context(Wechat {
            sdk: RwSignal::new(None),
            landing: StoredValue::new(current_url()),
        });
    }
}

/// The JS-SDK of this visit: `None` outside WeChat.
pub fn use_wechat() -> Option<Wechat> {
    use_context::<Wechat>()
}

/// Sets the card a link to this page shows when shared from WeChat, whenever `card` changes.
pub fn use_share_card(card: impl Fn() -> Option<ShareCard> + 'static) {
    let Some(wechat) = use_wechat() else {
        return;
    };
    Effect::new(move |_| {
        if !wechat.ready() {
            return;
        }
        if let Some(card) = card() {
            share(&card, &current_url());
        }
    });
}

impl Wechat {
    /// Whether the JS-SDK is configured for this page (signing it first when it is not). Reactive.
    pub fn ready(self) -> bool {
        let url = self.url_to_sign();
        match self.sdk.get() {
            Some(Sdk::Ready(signed)) if signed == url => true,
            Some(Sdk::Signing(signed) | Sdk::Unavailable(signed)) if signed == url => false,
            _ => {
                self.sdk.set(Some(Sdk::Signing(url.clone())));
                spawn_local(async move {
                    let sdk = match configure(&url).await {
                        Ok(()) => Sdk::Ready(url),
                        Err(_) => Sdk::Unavailable(url),
                    };
                    self.sdk.set(Some(sdk));
                });
                false
            }
        }
    }

    /// Opens WeChat's scanner; what it reads goes to `on_read`.
    pub fn scan(self, on_read: Callback<String>) {
        let success = Closure::once_into_js(move |answer: JsValue| {
            let text = Reflect::get(&answer, &"resultStr".into())
                .ok()
                .and_then(|text| text.as_string());
            if let Some(text) = text {
                on_read.run(text);
            }
        });
        let options = object(&[
            ("needResult", 1.into()),
            ("scanType", Array::of1(&"qrCode".into()).into()),
            ("success", success),
        ]);
        let _ = call_wx("scanQRCode", &options);
    }

    fn url_to_sign(self) -> String {
        let on_iphone = window()
            .navigator()
            .user_agent()
            .is_ok_and(|agent| agent.contains("iPhone") || agent.contains("iPad"));
        match on_iphone {
            true => self.landing.get_value(),
            false => current_url(),
        }
    }
}

/// The page's address without its fragment (which WeChat does not sign).
fn current_url() -> String {
    let href = window().location().href().unwrap_or_default();
    wechat::signed_url(&href).to_owned()
}

/// Signs `url` with the server, loads WeChat's script when the page has no `wx` yet, and calls
/// `wx.config`; done when WeChat says it is ready, failed when it says it is not.
async fn configure(url: &str) -> Result<(), JsValue> {
    let config = api::wechat_js_config(url)
        .await
        .map_err(|_| JsValue::from_str("no signature"))?;
    if wx().is_none() {
        load_script(wechat::SCRIPT).await?;
    }
    let calls: Array = CALLS.iter().map(|c| JsValue::from_str(c)).collect();
    let options = object(&[
        ("debug", false.into()),
        ("appId", config.app_id.into()),
        ("timestamp", (config.timestamp as f64).into()),
        ("nonceStr", config.nonce_str.into()),
        ("signature", config.signature.into()),
        ("jsApiList", calls.into()),
    ]);
    call_wx("config", &options)?;
    let answered = Promise::new(&mut |ready, refused| {
        let _ = call_wx(
            "ready",
            &Closure::once_into_js(move || ready.call0(&JsValue::NULL)),
        );
        let _ = call_wx(
            "error",
            &Closure::once_into_js(move |why: JsValue| refused.call1(&JsValue::NULL, &why)),
        );
    });
    JsFuture::from(answered).await.map(drop)
}

/// Hands WeChat the card for shares to a chat and to 朋友圈.
fn share(card: &ShareCard, link: &str) {
    let chat = object(&[
        ("title", card.title.as_str().into()),
        ("desc", card.description.as_str().into()),
        ("link", link.into()),
        ("imgUrl", card.image.as_str().into()),
    ]);
    let moments = object(&[
        ("title", card.title.as_str().into()),
        ("link", link.into()),
        ("imgUrl", card.image.as_str().into()),
    ]);
    let _ = call_wx("updateAppMessageShareData", &chat);
    let _ = call_wx("updateTimelineShareData", &moments);
}

/// `window.wx`, once WeChat's script (or a test's stand-in) has put it there.
fn wx() -> Option<Object> {
    Reflect::get(&window(), &"wx".into())
        .ok()
        .and_then(|wx| wx.dyn_into::<Object>().ok())
}

/// `wx[name](argument)`.
fn call_wx(name: &str, argument: &JsValue) -> Result<JsValue, JsValue> {
    let wx = wx().ok_or_else(|| JsValue::from_str("no wx"))?;
    let function: Function = Reflect::get(&wx, &name.into())?.dyn_into()?;
    function.call1(&wx, argument)
}

/// A plain object of these fields.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &(*name).into(), value);
    }
    object.into()
}

/// Adds `<script src>` and waits for it to load.
async fn load_script(src: &str) -> Result<(), JsValue> {
    let script = document().create_element("script")?;
    script.set_attribute("src", src)?;
    let loaded = Promise::new(&mut |done, failed| {
        let _ = Reflect::set(&script, &"onload".into(), &done);
        let _ = Reflect::set(&script, &"onerror".into(), &failed);
    });
    document()
        .head()
        .ok_or_else(|| JsValue::from_str("no head"))?
        .append_child(&script)?;
    JsFuture::from(loaded).await.map(drop)
}

/// Where WeChat cannot do `why`'s thing on this page: the way out to the phone's browser, with
/// this page's link to copy.
#[component]
pub fn WayOutOfWechat(#[prop(into)] why: Signal<String>) -> impl IntoView {
    let (on_copy, copied) = crate::clipboard::copier();
    view! { <OpenInBrowser why link=current_url() on_copy copied/> }
}
