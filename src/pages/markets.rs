//! 集市: the month's markets, the first screen a villager sees from a shared link.

use leptos::prelude::*;

use crate::{
    app::use_page_title,
    components::{empty_state::EmptyState, icons::CalendarIcon},
    i18n::*,
};

/// The schedule of this month's markets.
#[component]
pub fn MarketsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, markets_title).to_string());
    view! {
        <div class="page">
            <h1>{t!(i18n, markets_title)}</h1>
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, markets_empty_title).to_string())
                body=Signal::derive(move || t_string!(i18n, markets_empty_body).to_string())
            >
                <CalendarIcon/>
            </EmptyState>
        </div>
    }
    .into_any()
}
