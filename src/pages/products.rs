//! 好物: what the markets sell and the workshops that make it.

use leptos::prelude::*;

use crate::{
    app::use_page_title,
    components::{empty_state::EmptyState, icons::BasketIcon},
    i18n::*,
};

/// Local products.
#[component]
pub fn ProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, products_title).to_string());
    view! {
        <div class="page">
            <h1>{t!(i18n, products_title)}</h1>
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, products_empty_title).to_string())
                body=Signal::derive(move || t_string!(i18n, products_empty_body).to_string())
            >
                <BasketIcon/>
            </EmptyState>
        </div>
    }
    .into_any()
}
