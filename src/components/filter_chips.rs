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

/// A labelled, horizontally scrolling row of chips. Drawn anew whenever the filters change (they
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
    view! { <nav class="chips" aria-label=label>{chips}</nav> }
}

/// `?town=…&kind=…` for these filters, or the bare path when none is set.
pub fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let set: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| value.map(|v| format!("{key}={}", crate::url::encode(v, ""))))
        .collect();
    if set.is_empty() {
        String::new()
    } else {
        format!("?{}", set.join("&"))
    }
}

/// Reads a query value as the user meant it, whether or not the router already decoded it
/// (`%E6%96%B0…` becomes 新…; `+` is a space).
pub fn decode(value: &str) -> String {
    fn hex(digit: u8) -> Option<u8> {
        (digit as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, other) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_owned())
}
