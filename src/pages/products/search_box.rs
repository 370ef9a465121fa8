//! The search field of 好物: results follow the typing, but only after a short pause, so a villager
//! typing `hongtang` on 3G sends one request, not eight. The query goes into the URL (replacing the
//! history entry), so the back button leaves the tab rather than undoing letters.

use std::time::Duration;

use leptos::{leptos_dom::helpers::TimeoutHandle, prelude::*};
use leptos_router::{hooks::use_navigate, NavigateOptions};

use crate::i18n::*;

/// How long typing must pause before searching.
const PAUSE: Duration = Duration::from_millis(350);

/// A search input; `href` gives the page's link for a query.
#[component]
pub fn SearchBox(initial: String, href: Callback<String, String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let search = move |text: String| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let navigate = navigate.clone();
        let target = href.run(text);
        let handle = set_timeout_with_handle(
            move || {
                navigate(
                    &target,
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..NavigateOptions::default()
                    },
                )
            },
            PAUSE,
        )
        .ok();
        pending.set_value(handle);
    };
    view! {
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="visually-hidden" for="product-search">{t!(i18n, products_search_label)}</label>
            <input
                id="product-search"
                type="search"
                name="q"
                enterkeyhint="search"
                autocomplete="off"
                prop:value=initial
                placeholder=move || t_string!(i18n, products_search_placeholder)
                on:input=move |ev| search(event_target_value(&ev))
            />
        </form>
    }
}
