//! Core's reasons for refusing a form, and the API's errors, in the user's words.

use jishi_core::field::{Field, Problem};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{api::ApiError, i18n::*};

/// Every problem of a form at once, each said beside its field (and counted under the form), the
/// first such field focused: an organiser fixes them all in one go, not one per try.
#[derive(Clone, Copy)]
pub struct FieldProblems {
    all: RwSignal<Vec<Problem>>,
    i18n: leptos_i18n::I18nContext<Locale>,
}

impl Default for FieldProblems {
    fn default() -> Self {
        Self::new()
    }
}

impl FieldProblems {
    pub fn new() -> Self {
        Self {
            all: RwSignal::new(Vec::new()),
            i18n: use_i18n(),
        }
    }

    /// Shows `problems` (none: clears them), and takes the keyboard to the first field marked.
    pub fn show(&self, problems: Vec<Problem>) {
        let any = !problems.is_empty();
        self.all.set(problems);
        if any {
            request_animation_frame(|| {
                let first = document()
                    .query_selector("form [aria-invalid=\"true\"]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(first) = first {
                    let _ = first.focus();
                }
            });
        }
    }

    /// What to say beside `field`: its problems, or nothing.
    pub fn beside(&self, field: Field) -> Signal<Option<String>> {
        let (all, i18n) = (self.all, self.i18n);
        Signal::derive(move || {
            let texts: Vec<String> = all.with(|all| {
                all.iter()
                    .filter(|p| p.field() == field)
                    .map(|p| describe(i18n, *p))
                    .collect()
            });
            (!texts.is_empty()).then(|| texts.join(" "))
        })
    }

    /// How many problems there are (0 when none).
    pub fn count(&self) -> usize {
        self.all.with(Vec::len)
    }
}

/// Under a form: how many places need a change, when any do.
#[component]
pub fn ProblemCount(problems: FieldProblems) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let n = problems.count();
        (n > 0).then(|| view! { <p class="error" role="alert">{t!(i18n, problems_marked, n = move || n)}</p> })
    }
}

/// What to tell the organiser about `problem`.
pub fn problem_text(problem: Problem) -> String {
    describe(use_i18n(), problem)
}

fn describe(i18n: leptos_i18n::I18nContext<Locale>, problem: Problem) -> String {
    let field = |field: Field| {
        match field {
            Field::Title => t_string!(i18n, f_title),
            Field::Goods => t_string!(i18n, f_goods),
            Field::VenueName => t_string!(i18n, f_venue_name),
            Field::Town => t_string!(i18n, f_town),
            Field::Village => t_string!(i18n, f_village),
            Field::Address => t_string!(i18n, f_address),
            Field::Location => t_string!(i18n, f_location),
            Field::ContactName => t_string!(i18n, f_contact_name),
            Field::ContactPhone => t_string!(i18n, f_contact_phone),
            Field::Reason => t_string!(i18n, cancel_reason),
            Field::HostUnit => t_string!(i18n, f_host),
            Field::Months => t_string!(i18n, f_months),
            Field::Date => t_string!(i18n, f_date),
            Field::Time => t_string!(i18n, f_time),
            Field::StallsPerPerson => t_string!(i18n, f_stalls_per_person),
            Field::CancelHours => t_string!(i18n, f_cancel_hours),
            Field::ReservedPercent => t_string!(i18n, f_reserved_percent),
            Field::ReservedHours => t_string!(i18n, f_reserved_hours),
            Field::Name => t_string!(i18n, f_name),
            Field::Price => t_string!(i18n, price_label),
            Field::Description => t_string!(i18n, f_description),
            Field::Season => t_string!(i18n, season_label),
        }
        .to_string()
    };
    match problem {
        Problem::Missing(f) => format!("{}{}", t_string!(i18n, p_missing), field(f)),
        Problem::TooLong(f) => format!("{}{}", t_string!(i18n, p_too_long), field(f)),
        Problem::Invalid(f) => format!("{}{}", t_string!(i18n, p_invalid), field(f)),
        Problem::EndsBeforeStart => t_string!(i18n, p_ends_before).to_string(),
        Problem::BookingClosesBeforeOpens => t_string!(i18n, p_booking_order).to_string(),
        Problem::BookingClosesAfterEnd => t_string!(i18n, p_booking_after_end).to_string(),
        Problem::LastsTooLong => t_string!(i18n, p_lasts_too_long).to_string(),
        Problem::OutOfRange => t_string!(i18n, p_out_of_range).to_string(),
        Problem::KeptNeverOpen => t_string!(i18n, p_kept_never_open).to_string(),
    }
}

/// What to tell the organiser about a failed call (the server's message is already in their language).
pub fn api_error_text(error: &ApiError) -> String {
    let i18n = use_i18n();
    match error {
        ApiError::Unreachable => t_string!(i18n, err_offline).to_string(),
        ApiError::Server { message, .. } => message.clone(),
        ApiError::Unexpected(_) => t_string!(i18n, err_generic).to_string(),
    }
}

/// A failed call, in the user's words; with `retry`, a 重试 button beside it that runs it again.
/// The one way every page says a load went wrong.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Runs the call again.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error error-view" role="alert">
            <p>{api_error_text(&error)}</p>
            {retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>{t!(i18n, retry)}</button>
            })}
        </div>
    }
}

/// What a form's last try came to, when it failed: one line under the form, read out at once.
#[component]
pub fn ProblemLine(
    /// The words, or nothing.
    #[prop(into)]
    text: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        text.get()
            .map(|text| view! { <p class="error" role="alert">{text}</p> })
    }
}
