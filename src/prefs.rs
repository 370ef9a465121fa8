//! App-wide preferences: elder mode (长辈模式) and the language. Provided once by `App`, read anywhere
//! with [`use_prefs`]. Both persist on the phone and are applied to `<html>` so CSS can follow.

use jishi_core::Lang;
use leptos::prelude::*;

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
    let prefs = Prefs {
        elder: RwSignal::new(storage::get(ELDER_KEY).as_deref() == Some("1")),
        lang: RwSignal::new(
            storage::get(LANG_KEY)
                .as_deref()
                .and_then(Lang::from_tag)
                .unwrap_or_default(),
        ),
    };
    Effect::new(move |_| {
        let elder = prefs.elder.get();
        storage::set(ELDER_KEY, if elder { "1" } else { "0" });
        if let Some(html) = document().document_element() {
            let _ = html.class_list().toggle_with_force("elder", elder);
        }
    });
    Effect::new(move |_| {
        let lang = prefs.lang.get();
        storage::set(LANG_KEY, lang.tag());
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
