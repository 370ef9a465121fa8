//! 组织: the pages only organisers reach. Publish a market, change or cancel one, and publish a
//! monthly series whose host unit rotates. The rules of each form are core's (`jishi_core::organise`),
//! checked here before sending and again by the server.

mod attendance;
mod fields;
mod gate;
mod home;
mod layout;
mod market_bookings;
mod market_form;
mod market_named;
mod on_behalf;
mod poster;
mod problems;
mod product_form;
mod qr;
mod scanner;
mod series_form;
mod stall_map;
mod tickets;

use jishi_core::{api::User, auth::Role, market::HostUnit};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};

use self::{
    home::OrganiseHome,
    layout::LayoutPage,
    market_bookings::MarketBookingsPage,
    market_form::{EditMarketPage, NewMarketPage},
    product_form::{EditProductPage, MyProductsPage, NewProductPage},
    series_form::SeriesPage,
    stall_map::BookStallPage,
    tickets::{MyBookingsPage, TicketPage},
};
use crate::{
    app::{paths, use_page_title, AppContext, ConnectionBanner},
    i18n::*,
    pages::{account::AccountPage, not_found::NotFound},
    session::use_session,
};

/// The organisers' app: the villagers' preferences, session and translations, its own routes under
/// `/organise`, and no tab bar (its way back is the top bar's link to 我的).
#[component]
pub fn OrganiseApp() -> impl IntoView {
    view! {
        <AppContext>
            <Router>
                <OrganiseShell/>
            </Router>
        </AppContext>
    }
}

/// The gate's scanner, a third app under `/gate` (see `gate.html`).
#[component]
pub fn GateApp() -> impl IntoView {
    view! {
        <AppContext>
            <Router>
                <GateShell/>
            </Router>
        </AppContext>
    }
}

#[component]
fn GateShell() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="shell">
            <header class="topbar">
                <a class="brand" rel="external" href=paths::ORGANISE>"‹ " {t!(i18n, app_name)}</a>
                <span class="sub">{t!(i18n, scan_title)}</span>
            </header>
            <ConnectionBanner/>
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/gate/m/:id") view=scanner::ScannerPage/>
                </Routes>
            </main>
        </div>
    }
}

#[component]
fn OrganiseShell() -> impl IntoView {
    let i18n = use_i18n();
    // The second app serves three kinds of people; the bar names the part they are in.
    let location = leptos_router::hooks::use_location();
    let on_ticket = Memo::new(move |_| {
        location
            .pathname
            .with(|path| path.starts_with(&paths::ticket("")))
    });
    let section = move || {
        let path = location.pathname.get();
        if path.starts_with(paths::ACCOUNT) {
            t_string!(i18n, account_title)
        } else if path.starts_with("/stall") {
            t_string!(i18n, book_stall)
        } else if path.starts_with(paths::MY_PRODUCTS) {
            t_string!(i18n, my_products)
        } else {
            t_string!(i18n, organise_title)
        }
    };
    view! {
        <div class="shell">
            <header class="topbar">
                <a class="brand" rel="external" href=paths::ME>"‹ " {t!(i18n, app_name)}</a>
                <span class="sub">{section}</span>
            </header>
            {move || (!on_ticket.get()).then(|| view! { <ConnectionBanner/> })}
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/account") view=AccountPage/>
                    <Route path=path!("/organise") view=OrganiseHome/>
                    <Route path=path!("/organise/new") view=NewMarketPage/>
                    <Route path=path!("/organise/series") view=SeriesPage/>
                    <Route path=path!("/organise/m/:id") view=EditMarketPage/>
                    <Route path=path!("/organise/m/:id/bookings") view=MarketBookingsPage/>
                    <Route path=path!("/organise/m/:id/stalls") view=LayoutPage/>
                    <Route path=path!("/organise/m/:id/poster") view=poster::PosterPage/>
                    <Route path=path!("/organise/m/:id/stats") view=attendance::AttendancePage/>
                    <Route path=path!("/organise/products") view=MyProductsPage/>
                    <Route path=path!("/organise/products/new") view=NewProductPage/>
                    <Route path=path!("/organise/products/:id") view=EditProductPage/>
                    <Route path=path!("/stall/m/:id") view=BookStallPage/>
                    <Route path=path!("/stall/b/:id") view=TicketPage/>
                    <Route path=path!("/stall/mine") view=MyBookingsPage/>
                </Routes>
            </main>
            // On a ticket the QR code comes first, whole on a 360×640 screen: the notices go below.
            {move || on_ticket.get().then(|| view! { <ConnectionBanner/> })}
        </div>
    }
}

/// Where a form page's "back" link leads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Back {
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
fn FormPage(
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
                <Suspense fallback=|| view! { <div class="card skeleton-card" aria-busy="true"></div> }>
                    {move || children.read_value()()}
                </Suspense>
            </OrganisersOnly>
        </div>
    }
}

/// Shows `children` to organisers and admins (with `anyone`, to every logged-in user); asks everyone
/// else to log in, or says the page is not theirs. The server refuses them anyway: this only spares
/// them a form they cannot send.
#[component]
fn OrganisersOnly(#[prop(optional)] anyone: bool, children: ChildrenFn) -> impl IntoView {
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

/// The host units this user may publish for: an admin's are all of them.
fn my_units(user: &User, all: Vec<HostUnit>) -> Vec<HostUnit> {
    if user.roles.contains(&Role::Admin) {
        return all;
    }
    all.into_iter()
        .filter(|unit| user.host_units.iter().any(|mine| mine.id == unit.id))
        .collect()
}
