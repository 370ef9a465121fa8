//! App-wide preferences: elder mode (长辈模式) and the language. Provided once by `App`, read anywhere
//! with [`use_prefs`]. Both persist on the phone and are applied to `<html>` so CSS can follow; both
//! are also cookies, so the server writes the next page in them (see `jishi_core::prefs`).

use jishi_core::{
    prefs::{ELDER_COOKIE, LANG_COOKIE},
    Lang,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{api, storage};

/// localStorage key of elder mode; `index.html` reads it too, so the skeleton already has the size.
pub const ELDER_KEY: &str = "jishi.elder";
/// localStorage key of the language tag; `index.html` reads it too, for `<html lang>`.
pub const LANG_KEY: &str = "jishi.lang";

/// The app's preferences, as signals. `Copy`, so closures take it freely.
#[derive(Debug, Clone, Copy)]
pub struct Prefs {
    /// Larger text and tap targets, higher contrast.
    pub elder: RwSignal<bool>,
    /// The language of every screen and of server messages.
    pub lang: RwSignal<Lang>,
}

/// Reads the stored choices, provides them, and keeps `<html>`, storage and the API client in step.
pub fn provide_prefs() -> Prefs {
    // Without a choice stored on this phone, the page's own `<html>` says: the server drew it from
    // the cookies or the phone's language, and the app must go on in the same.
    let root = document().document_element();
    let page_elder = root
        .as_ref()
        .is_some_and(|html| html.class_list().contains("elder"));
    let page_lang = root.and_then(|html| html.get_attribute("lang"));
    let prefs = Prefs {
        elder: RwSignal::new(match storage::get(ELDER_KEY) {
            Some(stored) => stored == "1",
            None => page_elder,
        }),
        lang: RwSignal::new(
            storage::get(LANG_KEY)
                .or(page_lang)
                .as_deref()
                .and_then(Lang::from_tag)
                .unwrap_or_default(),
        ),
    };
    Effect::new(move |_| {
        let elder = prefs.elder.get();
        storage::set(ELDER_KEY, if elder { "1" } else { "0" });
        set_cookie(ELDER_COOKIE, if elder { "1" } else { "0" });
        if let Some(html) = document().document_element() {
            let _ = html.class_list().toggle_with_force("elder", elder);
        }
    });
    Effect::new(move |_| {
        let lang = prefs.lang.get();
        storage::set(LANG_KEY, lang.tag());
        set_cookie(LANG_COOKIE, lang.tag());
        api::set_lang(lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
    });
    provide_context(prefs);
    prefs
}

/// The preferences `App` provided.
pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// Keeps a preference for the server's pages for a year, on every path of the site.
fn set_cookie(name: &str, value: &str) {
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = document.set_cookie(&format!(
            "{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax"
        ));
    }
}
