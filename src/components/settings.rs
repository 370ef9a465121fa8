//! The two settings every screen depends on: the language and elder mode (长辈模式).

use jishi_core::Lang;
use leptos::prelude::*;

use crate::{i18n::*, prefs::use_prefs};

/// 中文 | English, as two pressed/unpressed buttons. Each label is in its own language, so a
/// person who cannot read the current one still finds theirs.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let option = move |lang: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                lang=lang.tag()
                aria-pressed=move || (prefs.lang.get() == lang).to_string()
                on:click=move |_| prefs.lang.set(lang)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="setting">
            <span id="language-label">{t!(i18n, language)}</span>
            <div class="segmented" role="group" aria-labelledby="language-label">
                {option(Lang::ZhCn, "中文")}
                {option(Lang::En, "English")}
            </div>
        </div>
    }
}

/// An on/off switch for elder mode: larger text and tap targets, higher contrast.
#[component]
pub fn ElderModeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    view! {
        <div class="setting">
            <span>
                <span id="elder-label">{t!(i18n, elder_mode)}</span>
                <br/>
                <small class="muted">{t!(i18n, elder_mode_hint)}</small>
            </span>
            <button
                type="button"
                class="switch"
                role="switch"
                aria-labelledby="elder-label"
                aria-checked=move || prefs.elder.get().to_string()
                on:click=move |_| prefs.elder.update(|on| *on = !*on)
            ></button>
        </div>
    }
}
