//! The inputs the organiser forms are made of: one labelled field each, large and plain.

use jishi_core::{
    lottery::Allocation,
    market::{Approval, MarketKind},
    plate::Plate,
    ErrorCode,
};
use leptos::prelude::*;

use crate::{api::ApiError, i18n::*};

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

/// The two ways stalls are given (first come, or a lottery), as (value, name) options.
pub fn allocation_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        vec![
            (
                Allocation::FirstCome.as_str().to_owned(),
                t_string!(i18n, allocation_first_come).to_string(),
            ),
            (
                Allocation::Lottery.as_str().to_owned(),
                t_string!(i18n, allocation_lottery).to_string(),
            ),
        ]
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
    /// What is wrong with it, said under it (and the field marked), or nothing.
    #[prop(into, default = Signal::stored(None))]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                name=name
                maxlength=max
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldError error/>
        </label>
    }
}

/// The words under a field that is wrong: part of its label, so a screen reader says them with it.
#[component]
pub fn FieldError(error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|text| view! { <span class="field-error">{text}</span> })
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
    /// What is wrong with the choice, or nothing.
    #[prop(into, default = Signal::stored(None))]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
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
            <FieldError error/>
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
    /// What is wrong with it, or nothing.
    #[prop(into, default = Signal::stored(None))]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea name=name rows="3" maxlength="200" aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <FieldError error/>
        </label>
    }
}

/// What was typed is not a car plate (the field says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAPlate;

/// A car plate as typed into a form, and whether it was found not to be one.
#[derive(Clone, Copy)]
pub struct PlateField {
    /// What is typed.
    pub value: RwSignal<String>,
    wrong: RwSignal<bool>,
}

impl Default for PlateField {
    fn default() -> Self {
        Self::new()
    }
}

impl PlateField {
    pub fn new() -> Self {
        Self {
            value: RwSignal::new(String::new()),
            wrong: RwSignal::new(false),
        }
    }

    /// The plate to send (`None` when left blank, for the server to say whether one is needed);
    /// `Err` when what is typed is no plate, and the field then says what a plate looks like.
    pub fn checked(&self) -> Result<Option<String>, NotAPlate> {
        let typed = self.value.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return Ok(None);
        }
        match Plate::parse(&typed) {
            Some(plate) => Ok(Some(plate.to_string())),
            None => {
                self.wrong.set(true);
                Err(NotAPlate)
            }
        }
    }

    /// Marks the field when the server refused the plate; whether it did.
    pub fn refused(&self, error: &ApiError) -> bool {
        let refused = matches!(
            error,
            ApiError::Server { code: ErrorCode::InvalidInput, field: Some(field), .. } if field == "plate"
        );
        if refused {
            self.wrong.set(true);
        }
        refused
    }
}

/// The plate's input: what a plate looks like said under it, and said again, marked, when what
/// was typed is not one.
#[component]
pub fn PlateInput(plate: PlateField) -> impl IntoView {
    let i18n = use_i18n();
    let PlateField { value, wrong } = plate;
    view! {
        <label class="field">
            <span>{t!(i18n, f_plate)}</span>
            <input
                type="text"
                name="plate"
                maxlength="12"
                autocapitalize="characters"
                autocomplete="off"
                placeholder="浙J12345"
                aria-invalid=move || wrong.get().then_some("true")
                prop:value=value
                on:input=move |ev| {
                    wrong.set(false);
                    value.set(event_target_value(&ev));
                }
            />
            {move || if wrong.get() {
                view! { <span class="field-error">{t!(i18n, plate_wrong)}</span> }.into_any()
            } else {
                view! { <span class="muted hint">{t!(i18n, plate_hint)}</span> }.into_any()
            }}
        </label>
    }
}
