//! 我的: settings (language, elder mode) and what this app is.

use leptos::prelude::*;

use crate::{
    app::use_page_title,
    components::settings::{ElderModeSwitch, LanguageSwitch},
    i18n::*,
};

/// The user's page.
#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, me_title).to_string());
    view! {
        <div class="page">
            <h1>{t!(i18n, me_title)}</h1>
            <section class="card" aria-labelledby="settings-heading">
                <h2 id="settings-heading">{t!(i18n, settings)}</h2>
                <LanguageSwitch/>
                <ElderModeSwitch/>
            </section>
            <section class="card" aria-labelledby="about-heading">
                <h2 id="about-heading">{t!(i18n, about)}</h2>
                <p>{t!(i18n, about_body)}</p>
                <p class="muted">{t!(i18n, app_version, version = env!("CARGO_PKG_VERSION"))}</p>
            </section>
        </div>
    }
    .into_any()
}
