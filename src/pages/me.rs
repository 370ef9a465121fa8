//! 我的: who is logged in and their ways into the second app (else the way to log in), settings,
//! and what this app is. Logging in and editing the profile are the account page's, in the second
//! app: the villagers' download carries neither form.

use leptos::prelude::*;

use crate::{
    app::{paths, use_page_title},
    components::{
        settings::{ElderModeSwitch, LanguageSwitch},
        user_facts::UserFacts,
    },
    i18n::*,
    session::use_session,
};

/// The user's page.
#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || t_string!(i18n, me_title).to_string());
    let status = Memo::new(move |_| (session.has_token.get(), session.user.with(Option::is_some)));
    let account = move || match status.get() {
        (true, true) => session
            .user
            .get_untracked()
            .map(|user| view! { <AccountSummary user/> })
            .into_any(),
        (true, false) => {
            view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any()
        }
        (false, _) => view! { <LoginInvite/> }.into_any(),
    };
    view! {
        <div class="page">
            <h1>{t!(i18n, me_title)}</h1>
            {account}
            <section class="card" aria-labelledby="settings-heading">
                <h2 id="settings-heading">{t!(i18n, settings)}</h2>
                <LanguageSwitch/>
                <ElderModeSwitch/>
                // What they are texted is the account's (it needs the login): one tap away.
                {move || session.has_token.get().then(|| view! {
                    <a class="button" rel="external" href=paths::ACCOUNT>{t!(i18n, messages_title)} " ›"</a>
                })}
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

/// What 我的 shows when logged in: who, and the links into the second app (`rel="external"`).
#[component]
fn AccountSummary(user: jishi_core::api::User) -> impl IntoView {
    let i18n = use_i18n();
    let organiser = crate::form_page::is_organiser(&user);
    // Seen by the person alone (and by the unit's organisers): stalls are kept for them.
    let units: Vec<String> = user.priority_of.iter().map(|u| u.name.clone()).collect();
    let priority = (!units.is_empty()).then(|| {
        let units = units.join("、");
        view! { <p class="notice">{t!(i18n, priority_household_note, units = move || units.clone())}</p> }
    });
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t!(i18n, profile_title)}</h2>
            <UserFacts user/>
            {priority}
            {organiser.then(|| view! {
                <a class="button primary" rel="external" href=paths::ORGANISE>{t!(i18n, organise_entry)}</a>
            })}
            <a class="button" rel="external" href=paths::MY_BOOKINGS>{t!(i18n, my_bookings)}</a>
            <a class="button" rel="external" href=paths::MY_PRODUCTS>{t!(i18n, my_products)}</a>
            <a class="button" rel="external" href=paths::ACCOUNT>{t!(i18n, account_manage)}</a>
        </section>
    }
}

/// What 我的 shows when logged out: why one would log in, and the link to the login page (in the
/// second app, so `rel="external"`), which comes back here.
#[component]
fn LoginInvite() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let login = move || {
        let back = paths::login(paths::ME);
        if session.expired.get() {
            format!("{back}&expired=1")
        } else {
            back
        }
    };
    view! {
        <section class="card" aria-labelledby="login-heading">
            <h2 id="login-heading">{t!(i18n, login_title)}</h2>
            <Show when=move || session.expired.get()>
                <p class="notice">{t!(i18n, session_expired)}</p>
            </Show>
            <p class="muted">{t!(i18n, login_hint)}</p>
            <a class="button primary" rel="external" href=login>{t!(i18n, log_in)}</a>
        </section>
    }
}
