//! A row of filter chips that live in the URL (`?town=…&kind=…`), so a filtered schedule can be
//! shared and survives a reload. Each chip is a link; the chosen one is marked `aria-current`.

use leptos::prelude::*;

/// One choice: its query value (`None` for "all") and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value in the URL; `None` removes the parameter.
    pub value: Option<String>,
    /// What the chip says.
    pub label: String,
}

/// A row of chips under its visible label, scrolling sideways when it must. Drawn anew whenever the filters change (they
/// are part of the URL), so its inputs are plain values.
#[component]
pub fn FilterChips(
    /// What the row filters (镇街, 类型).
    label: String,
    /// The choices, "all" first.
    choices: Vec<Choice>,
    /// The value chosen now.
    current: Option<String>,
    /// The link for a value (keeps the other filters).
    href: Callback<Option<String>, String>,
) -> impl IntoView {
    let chips = choices
        .into_iter()
        .map(|choice| {
            let active = current == choice.value;
            view! {
                <a href=href.run(choice.value.clone()) aria-current=active.then_some("true")>
                    {choice.label}
                </a>
            }
        })
        .collect_view();
    // The row's name is shown, not only given to screen readers: two rows of words read alike.
    view! {
        <div class="chip-row">
            <span class="chip-row-label" aria-hidden="true">{label.clone()}</span>
            <nav class="chips" aria-label=label>{chips}</nav>
        </div>
    }
}
