//! What the logged-in user wants to be told by SMS: the reminder the day before, quiet hours, and
//! the language of the texts. Each change is kept at once.

use jishi_core::{message::MessageSettings, Lang};
use leptos::prelude::*;

use crate::{api, components::problems::api_error_text, fetch::Fetch, i18n::*};

/// The texts' settings card.
#[component]
pub fn TextsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Fetch::new(api::message_settings);
    view! {
        <section class="card" aria-labelledby="texts-heading">
            <h2 id="texts-heading">{t!(i18n, messages_title)}</h2>
            {move || match loaded.get() {
                None => view! { <div class="skeleton-card" aria-busy="true"></div> }.into_any(),
                Some(Ok(settings)) => view! { <TextsSettings settings/> }.into_any(),
                Some(Err(error)) => view! { <p class="error" role="alert">{api_error_text(&error)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TextsSettings(settings: MessageSettings) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(settings);
    let save = Action::new_local(move |settings: &MessageSettings| {
        let settings = *settings;
        async move { api::set_message_settings(&settings).await }
    });
    let change = move |update: fn(&mut MessageSettings)| {
        current.update(update);
        save.dispatch(current.get_untracked());
    };
    let note = move || match save.value().get() {
        Some(Ok(_)) => {
            Some(view! { <p class="muted" role="status">{t!(i18n, saved)}</p> }.into_any())
        }
        Some(Err(error)) => {
            Some(view! { <p class="error" role="alert">{api_error_text(&error)}</p> }.into_any())
        }
        None => None,
    };
    let language = move |lang: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                lang=lang.tag()
                aria-pressed=move || (current.get().lang == lang).to_string()
                on:click=move |_| {
                    current.update(|s| s.lang = lang);
                    save.dispatch(current.get_untracked());
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="setting">
            <span id="reminders-label">{t!(i18n, reminders_label)}</span>
            <button type="button" class="switch" role="switch" aria-labelledby="reminders-label"
                aria-checked=move || current.get().reminders.to_string()
                on:click=move |_| change(|s| s.reminders = !s.reminders)></button>
        </div>
        <div class="setting">
            <span>
                <span id="quiet-label">{t!(i18n, quiet_hours_label)}</span>
                <br/>
                <small class="muted">{t!(i18n, quiet_hours_hint)}</small>
            </span>
            <button type="button" class="switch" role="switch" aria-labelledby="quiet-label"
                aria-checked=move || current.get().quiet_hours.to_string()
                on:click=move |_| change(|s| s.quiet_hours = !s.quiet_hours)></button>
        </div>
        <div class="setting">
            <span id="texts-language">{t!(i18n, sms_lang_label)}</span>
            <div class="segmented" role="group" aria-labelledby="texts-language">
                {language(Lang::ZhCn, "中文")}
                {language(Lang::En, "English")}
            </div>
        </div>
        {note}
    }
}
