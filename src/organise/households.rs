//! `/organise/households`: each of the organiser's host units' priority households (帮扶户) —
//! marking a villager by phone (an account is made if they have none), taking a mark off.

use jishi_core::{api::HostUnitRef, household::MarkRequest};
use leptos::prelude::*;

use crate::components::fields::{label, Input};
use crate::components::problems::{api_error_text, ErrorView, ProblemLine};
use crate::form_page::FormPage;
use crate::{api, fetch::Fetch, i18n::*, session::use_session};

/// The page: one card per host unit the organiser acts for.
#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let units = move || {
        session
            .user
            .get()
            .map(|user| user.host_units)
            .unwrap_or_default()
            .into_iter()
            .map(|unit| view! { <UnitHouseholds unit/> })
            .collect_view()
    };
    view! {
        <FormPage title=label(|i| t_string!(i, households_title).to_string())>
            <p class="muted">{t!(i18n, households_intro)}</p>
            {units}
        </FormPage>
    }
}

#[component]
fn UnitHouseholds(unit: HostUnitRef) -> impl IntoView {
    let i18n = use_i18n();
    let id = unit.id.clone();
    let list = Fetch::keeping_last({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { api::households(&id).await }
        }
    });
    let phone = RwSignal::new(String::new());
    let mark = Action::new_local({
        let id = id.clone();
        move |request: &MarkRequest| {
            let (id, request) = (id.clone(), request.clone());
            async move { api::mark_household(&id, &request).await }
        }
    });
    let unmark = Action::new_local({
        let id = id.clone();
        move |user_id: &String| {
            let (id, user_id) = (id.clone(), user_id.clone());
            async move { api::unmark_household(&id, &user_id).await }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = mark.value().get() {
            phone.set(String::new());
            list.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = unmark.value().get() {
            list.refetch();
        }
    });
    let problem = Signal::derive(move || {
        let failed = |v: Option<Result<_, api::ApiError>>| v.and_then(Result::err);
        failed(mark.value().get().map(|r| r.map(drop)))
            .or_else(|| failed(unmark.value().get()))
            .map(|e| api_error_text(&e))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mark.dispatch(MarkRequest {
            phone: phone.get_untracked(),
        });
    };
    let rows = move || {
        match list.get() {
        None => None,
        Some(Ok(found)) if found.items.is_empty() => {
            Some(view! { <p class="muted">{t!(i18n, households_none)}</p> }.into_any())
        }
        Some(Ok(found)) => Some(
            view! {
                <ul class="list households">
                    {found.items.into_iter().map(|household| {
                        let user_id = household.user_id.clone();
                        view! {
                            <li class="booking-row">
                                <p><strong>{household.name.clone()}</strong> " " {household.phone.clone()}</p>
                                <p class="muted">{household.village.clone()}</p>
                                <button type="button" class="button" on:click=move |_| { unmark.dispatch(user_id.clone()); }>
                                    {t!(i18n, household_unmark)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
        Some(Err(error)) => {
            Some(view! { <ErrorView error retry=Callback::new(move |()| list.refetch())/> }.into_any())
        }
    }
    };
    view! {
        <section class="card form">
            <h2>{unit.name.clone()}</h2>
            <form class="form" on:submit=on_submit novalidate>
                <Input label=label(|i| t_string!(i, household_phone).to_string()) value=phone name="phone" kind="tel" max=11/>
                <button type="submit" class="button primary">{t!(i18n, household_mark)}</button>
            </form>
            <ProblemLine text=problem/>
            {rows}
        </section>
    }
}
