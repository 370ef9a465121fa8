//! The logged-in user's profile: who they are, name and village to edit, and logging out.

use jishi_core::api::{UpdateMe, User};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    components::user_facts::UserFacts,
    i18n::*,
    session::use_session,
};

/// The profile card.
#[component]
pub fn ProfilePanel(
    /// The user as last loaded.
    user: User,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(user.name.clone());
    let village = RwSignal::new(user.village.clone());
    let save = Action::new_local(move |changes: &UpdateMe| {
        let changes = changes.clone();
        async move { api::update_me(&changes).await }
    });
    let saved_message = move || match save.value().get() {
        Some(Ok(_)) => Some(("status", t_string!(i18n, saved).to_string())),
        Some(Err(ApiError::Server { message, .. })) => Some(("alert", message)),
        Some(Err(ApiError::Unreachable)) => {
            Some(("alert", t_string!(i18n, err_offline).to_string()))
        }
        Some(Err(ApiError::Unexpected(_))) => {
            Some(("alert", t_string!(i18n, err_generic).to_string()))
        }
        None => None,
    };
    Effect::new(move |_| {
        if let Some(Ok(updated)) = save.value().get() {
            session.set_user(updated);
        }
    });
    let log_out = Action::new_local(move |_: &()| async move {
        // Forget the session here even when the network fails: the phone may be a shared one.
        let _ = api::log_out().await;
        session.end();
    });

    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(UpdateMe {
            name: Some(name.get_untracked()).filter(|n| !n.trim().is_empty()),
            village: Some(village.get_untracked()).filter(|v| !v.trim().is_empty()),
        });
    };

    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t!(i18n, profile_title)}</h2>
            <UserFacts user=user.clone()/>
            <form class="form" on:submit=on_save>
                <label class="field">
                    <span>{t!(i18n, name_label)}</span>
                    <input type="text" name="name" autocomplete="name" maxlength="20" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{t!(i18n, village_label)}</span>
                    <input type="text" name="village" maxlength="30" prop:value=village on:input=move |ev| village.set(event_target_value(&ev))/>
                </label>
                {move || saved_message().map(|(role, text)| view! { <p class=if role == "alert" { "error" } else { "muted" } role=role>{text}</p> })}
                <button type="submit" class="button primary" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
            </form>
            <button type="button" class="button" on:click=move |_| { log_out.dispatch(()); }>{t!(i18n, log_out)}</button>
        </section>
    }
}
