//! Who is logged in, in two lines: the phone, and the roles with their host units. 我的 and the
//! account page both show it.

use jishi_core::{api::User, auth::Role};
use leptos::prelude::*;

use crate::i18n::*;

/// The phone and the roles of `user`.
#[component]
pub fn UserFacts(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let roles = user
        .roles
        .iter()
        .map(|role| match role {
            Role::Stallholder => t_string!(i18n, role_stallholder),
            Role::Organiser => t_string!(i18n, role_organiser),
            Role::Admin => t_string!(i18n, role_admin),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let units = user
        .host_units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <p class="phone">{user.phone}</p>
        <p class="muted">
            {t!(i18n, roles_label)} ": " {roles} {(!units.is_empty()).then(|| format!("（{units}）"))}
        </p>
    }
}
