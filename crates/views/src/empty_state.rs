//! A friendly "nothing here yet" block: an icon, a title, and what will appear.

use leptos::prelude::*;

/// Centered icon, title and explanation.
#[component]
pub fn EmptyState(
    /// The heading (already translated).
    #[prop(into)]
    title: Signal<String>,
    /// One or two sentences on what will show up here, and when.
    #[prop(into)]
    body: Signal<String>,
    /// The icon above the title.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card empty">
            {children()}
            <h2>{title}</h2>
            <p class="muted">{body}</p>
        </section>
    }
}
