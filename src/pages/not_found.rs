//! Any path the router does not know: say so kindly and lead back to the markets.

use leptos::prelude::*;

use crate::{
    app::{paths, use_page_title},
    i18n::*,
};
use jishi_views::{empty_state::EmptyState, icons::SignpostIcon};

/// The fallback page.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, not_found_title).to_string());
    view! {
        <div class="page">
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, not_found_title).to_string())
                body=Signal::derive(move || t_string!(i18n, not_found_body).to_string())
            >
                <SignpostIcon/>
            </EmptyState>
            // External: the organisers' app shows this page too, and the markets are the other app's.
            <a class="button primary" rel="external" href=paths::MARKETS>{t!(i18n, back_home)}</a>
        </div>
    }
    .into_any()
}

/// [`NotFound`], as the routers' fallback.
pub fn not_found() -> AnyView {
    view! { <NotFound/> }.into_any()
}
