//! Counts drawn as bars laid across, one row a count: however many rows, they fit a 360-px screen
//! with nothing to scroll sideways. The names and numbers are text at the page's size (elder mode
//! and 200% text enlarge them); each bar is a small SVG stretched to its share, which printers
//! draw even with "background graphics" off (a CSS background bar would print blank). A table, so
//! a screen reader reads name and count in pairs.

use leptos::prelude::*;

/// One row: a name, its count, and a part of it drawn darker (the priority households among the
/// stallholders); `strong` marks the row (the latest hour at a live fair).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bar {
    pub name: String,
    pub value: i64,
    pub part: i64,
    pub strong: bool,
}

impl Bar {
    /// A plain row.
    pub fn new(name: impl Into<String>, value: i64) -> Self {
        Self {
            name: name.into(),
            value,
            ..Self::default()
        }
    }
}

/// The rows, each bar's length its share of the largest; `headings` name the two columns for
/// screen readers; `class` tells charts apart (`hour-bars`, `report-bars`).
#[component]
pub fn Bars(
    bars: Vec<Bar>,
    headings: (String, String),
    class: &'static str,
    /// What `part` is, said after the count when it is not zero (e.g. 帮扶户).
    #[prop(optional, into)]
    part_name: Option<String>,
) -> impl IntoView {
    let most = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    // At least a sliver for any count, so one is not drawn as none.
    let share = move |n: i64| match n {
        0 => 0,
        n => (n * 100 / most).max(2),
    };
    let rows = bars
        .into_iter()
        .map(|bar| {
            let part = (bar.part > 0).then(|| {
                let name = part_name.clone().unwrap_or_default();
                view! { <span class="bar-part-count">{format!("（{name} {}）", bar.part)}</span> }
            });
            view! {
                <tr class:latest=bar.strong>
                    <th scope="row">{bar.name}</th>
                    <td>
                        <div class="bar-line">
                            <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"
                                style=format!("width: calc((100% - 4em) * {} / 100)", share(bar.value))>
                                <rect width="100" height="10" rx="2"/>
                                {(bar.part > 0).then(|| {
                                    let width = bar.part * 100 / bar.value.max(1);
                                    view! { <rect class="bar-part" width=width.to_string() height="10" rx="2"/> }
                                })}
                            </svg>
                            <span class="bar-count">{bar.value}</span>
                            {part}
                        </div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class=format!("bars {class}")>
            <thead class="visually-hidden">
                <tr><th scope="col">{headings.0}</th><th scope="col">{headings.1}</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
