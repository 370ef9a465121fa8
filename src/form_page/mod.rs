//! The frame of every page of the second app (organisers' and stallholders') and of the gate: the
//! way back, the heading, the market the page is for, and its content for those who may see it.

pub mod market_named;

use jishi_core::{api::User, auth::Role};
use leptos::prelude::*;

use crate::{
    app::{paths, use_page_title},
    i18n::*,
    router::use_location,
    session::use_session,
};

/// Where a form page's "back" link leads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Back {
    /// The organiser's desk.
    #[default]
    Desk,
    /// The list of the user's goods.
    MyProducts,
    /// 我的, in the villagers' app.
    Me,
    /// A page of the villagers' app (a market's), with its title.
    Page(String, String),
    /// The user's bookings.
    Bookings,
    /// A market's own page on the desk (its form), by id.
    Market(String),
}

/// An organiser's form page: the way back to the desk, the heading, and `children` (loaded behind a
/// skeleton) for organisers only.
#[component]
pub fn FormPage(
    title: Signal<String>,
    /// Where "back" leads.
    #[prop(optional)]
    back: Back,
    /// Open to every logged-in user (a stallholder's own goods), not only organisers.
    #[prop(optional)]
    anyone: bool,
    /// The id of the market the page is for: its title and day are said under the heading.
    #[prop(optional, into)]
    market: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || title.get());
    let children = StoredValue::new(children);
    let back_link = match back {
        Back::Desk => {
            view! { <a class="back" href=paths::ORGANISE>"‹ " {t!(i18n, organise_title)}</a> }
                .into_any()
        }
        Back::MyProducts => {
            view! { <a class="back" href=paths::MY_PRODUCTS>"‹ " {t!(i18n, my_products)}</a> }
                .into_any()
        }
        Back::Me => {
            view! { <a class="back" rel="external" href=paths::ME>"‹ " {t!(i18n, me_title)}</a> }
                .into_any()
        }
        Back::Bookings => {
            view! { <a class="back" href=paths::MY_BOOKINGS>"‹ " {t!(i18n, my_bookings)}</a> }
                .into_any()
        }
        Back::Market(id) => view! {
            <a class="back" href=paths::organise_market(&id)>"‹ " {t!(i18n, edit_market)}</a>
        }
        .into_any(),
        Back::Page(href, title) => {
            view! { <a class="back" rel="external" href=href>"‹ " {title}</a> }.into_any()
        }
    };
    view! {
        <div class="page">
            {back_link}
            <h1>{title}</h1>
            {market.map(|id| view! { <market_named::MarketNamed id/> })}
            <OrganisersOnly anyone=anyone>
                {move || children.read_value()()}
            </OrganisersOnly>
        </div>
    }
}

/// Shows `children` to organisers and admins (with `anyone`, to every logged-in user); asks everyone
/// else to log in, or says the page is not theirs. The server refuses them anyway: this only spares
/// them a form they cannot send.
#[component]
pub fn OrganisersOnly(#[prop(optional)] anyone: bool, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let state = Memo::new(move |_| {
        let may = session
            .user
            .with(|user| user.as_ref().map(|u| anyone || is_organiser(u)));
        (session.has_token.get(), may)
    });
    move || match state.get() {
        (false, _) => {
            let here = location.pathname.get_untracked();
            let login = paths::login(&here);
            view! {
                <section class="card">
                    <Show when=move || session.expired.get()>
                        <p class="notice">{t!(i18n, session_expired)}</p>
                    </Show>
                    <p>{t!(i18n, organise_login)}</p>
                    <a class="button primary" href=login>{t!(i18n, log_in)}</a>
                </section>
            }
            .into_any()
        }
        (true, None) => {
            view! { <div class="card skeleton-card" aria-busy="true"></div> }.into_any()
        }
        (true, Some(false)) => view! {
            <section class="card">
                <p>{t!(i18n, organise_not_allowed)}</p>
                <a class="button" rel="external" href=paths::MARKETS>{t!(i18n, back_home)}</a>
            </section>
        }
        .into_any(),
        (true, Some(true)) => children().into_any(),
    }
}

/// Whether this user may reach the organiser pages.
pub fn is_organiser(user: &User) -> bool {
    user.roles
        .iter()
        .any(|r| matches!(r, Role::Organiser | Role::Admin))
}

/// What a form page shows while its data loads.
#[component]
pub fn Waiting() -> impl IntoView {
    view! { <div class="card skeleton-card" aria-busy="true"></div> }
}
