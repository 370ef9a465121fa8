//! The search field of 好物. Before the app runs (or without scripts) it is a plain form that sends
//! `?q=` with the chosen filters; once the app runs, results follow the typing (the app's
//! `on_type`, which waits for a pause so a villager typing `hongtang` on 3G sends one request).

use leptos::prelude::*;

use super::ProductsQuery;
use crate::{i18n::*, paths};

/// A search input, filled with what the URL asks for.
#[component]
pub fn SearchBox(
    query: ProductsQuery,
    /// Called with the text at every keystroke; the form then no longer submits itself.
    on_type: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let typing = on_type.is_some();
    view! {
        <form
            class="search"
            role="search"
            action=paths::PRODUCTS
            method="get"
            on:submit=move |ev| if typing { ev.prevent_default() }
        >
            <label class="visually-hidden" for="product-search">{t!(i18n, products_search_label)}</label>
            <input
                id="product-search"
                type="search"
                name="q"
                enterkeyhint="search"
                autocomplete="off"
                value=query.q
                placeholder=move || t_string!(i18n, products_search_placeholder)
                on:input=move |ev| if let Some(on_type) = on_type { on_type.run(event_target_value(&ev)) }
            />
            {query.category.map(|c| view! { <input type="hidden" name="category" value=c.as_str()/> })}
            {query.in_season.then(|| view! { <input type="hidden" name="season" value="now"/> })}
        </form>
    }
}
