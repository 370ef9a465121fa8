//! `/account`, in the second app: the login form, and once logged in the profile (name and village
//! to edit, roles, logging out) and what the user wants texted. 我的 in the villagers' app links
//! here.

mod login;
mod profile;
mod texts;

use leptos::prelude::*;

use crate::{app::use_page_title, i18n::*, session::use_session};

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || t_string!(i18n, account_title).to_string());
    // Re-render only when logging in or out, not when the profile is edited (that would drop the
    // panel's own state, such as its "saved" note).
    let status = Memo::new(move |_| (session.has_token.get(), session.user.with(Option::is_some)));
    let account = move || match status.get() {
        (true, true) => session
            .user
            .get_untracked()
            .map(|user| view! { <profile::ProfilePanel user/> <texts::TextsPanel/> })
            .into_any(),
        (true, false) => {
            view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any()
        }
        (false, _) => view! { <login::LoginPanel/> }.into_any(),
    };
    view! {
        <div class="page">
            <a class="back" rel="external" href=crate::app::paths::ME>"‹ " {t!(i18n, me_title)}</a>
            <h1>{t!(i18n, account_title)}</h1>
            {account}
        </div>
    }
}
