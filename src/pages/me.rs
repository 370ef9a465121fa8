//! 我的: log in (or the profile when logged in), settings, and what this app is.

mod login;
mod profile;

use leptos::prelude::*;

use crate::{
    app::use_page_title,
    components::settings::{ElderModeSwitch, LanguageSwitch},
    i18n::*,
    session::use_session,
};

/// The user's page.
#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || t_string!(i18n, me_title).to_string());
    // Re-render only when logging in or out, not when the profile is edited (that would drop the
    // panel's own state, such as its "saved" note).
    let status = Memo::new(move |_| (session.has_token.get(), session.user.with(Option::is_some)));
    let account = move || match status.get() {
        (true, true) => session
            .user
            .get_untracked()
            .map(|user| view! { <profile::ProfilePanel user/> })
            .into_any(),
        (true, false) => {
            view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any()
        }
        (false, _) => view! { <login::LoginPanel/> }.into_any(),
    };
    view! {
        <div class="page">
            <h1>{t!(i18n, me_title)}</h1>
            {account}
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
