//! The inputs the organiser forms are made of: one labelled field each, large and plain.

use jishi_core::market::{Approval, MarketKind};
use leptos::prelude::*;

use crate::i18n::*;

/// A field's label that follows the language: `label(|i| t_string!(i, f_title).to_string())`.
pub fn label(text: fn(leptos_i18n::I18nContext<Locale>) -> String) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || text(i18n))
}

/// Every market kind, as (value, name) options.
pub fn kind_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        MarketKind::ALL
            .iter()
            .map(|kind| (kind.as_str().to_owned(), kind_name(i18n, *kind)))
            .collect()
    })
}

/// The two ways bookings are confirmed, as (value, name) options.
pub fn approval_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        vec![
            (
                Approval::Auto.as_str().to_owned(),
                t_string!(i18n, approval_auto).to_string(),
            ),
            (
                Approval::Manual.as_str().to_owned(),
                t_string!(i18n, approval_manual).to_string(),
            ),
        ]
    })
}

/// A labelled one-line input bound to `value`. `kind` is the input type (`text`, `date`, `time`,
/// `tel`, `month`, `number`).
#[component]
pub fn Input(
    /// What the field is.
    label: Signal<String>,
    /// Its value.
    value: RwSignal<String>,
    /// The input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// The `name` attribute (tests and autofill find the field by it).
    name: &'static str,
    /// Longest input allowed, in characters.
    #[prop(default = 80)]
    max: u16,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                name=name
                maxlength=max
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A labelled choice among `options` (value, label), bound to `value`.
#[component]
pub fn Select(
    /// What the field is.
    label: Signal<String>,
    /// The chosen value.
    value: RwSignal<String>,
    /// The `name` attribute.
    name: &'static str,
    /// (value, label) pairs.
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = value.get_untracked() == option;
                            view! { <option value=option selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// A labelled multi-line input bound to `value`.
#[component]
pub fn TextArea(
    /// What the field is.
    label: Signal<String>,
    /// Its value.
    value: RwSignal<String>,
    /// The `name` attribute.
    name: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea name=name rows="3" maxlength="200" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    }
}
