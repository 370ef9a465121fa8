//! A banner that appears only when the server cannot be reached, says so in plain words, and offers
//! to try again. Everything else on the screen stays usable.

use leptos::prelude::*;

use crate::{api::ApiError, i18n::*};
/// Shows `error` as a banner with a retry button; nothing when there is no error.
#[component]
pub fn ServerStatus(
    /// The last failure of the health check, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Called when the user taps retry.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            let text = match error {
                ApiError::Unreachable => view! {
                    <strong>{t!(i18n, offline_title)}</strong>
                    " "
                    {t!(i18n, offline_body)}
                }
                .into_any(),
                ApiError::Server { message, .. } => message.into_any(),
                ApiError::Unexpected(_) => t!(i18n, server_trouble).into_any(),
            };
            view! {
                <div class="banner" role="alert">
                    <p>{text}</p>
                    <button type="button" class="button" on:click=move |_| on_retry.run(())>
                        {t!(i18n, retry)}
                    </button>
                </div>
            }
        })
    }
}
