//! 组织: the second app (`organise.html`), and the pages in it only organisers reach. Publish a
//! market, change or cancel one, publish a monthly series whose host unit rotates, lay out stalls,
//! manage bookings (and 代办), print the poster, follow attendance; a stallholder's goods. The rules
//! of each form are core's (`jishi_core::market`, `jishi_core::field`), checked here before sending
//! and again by the server. The same app also routes the stallholders' pages (`crate::stall`,
//! under `/stall`) and the account (`/account`): one download for everyone who logs in.

mod attendance;
mod home;
mod households;
mod layout;
mod market_bookings;
mod market_form;
mod on_behalf;
mod poster;
mod product_form;
mod reports;
mod series_form;

use jishi_core::{api::User, auth::Role, market::HostUnit};
use leptos::prelude::*;

use self::{
    home::OrganiseHome,
    households::HouseholdsPage,
    layout::LayoutPage,
    market_bookings::MarketBookingsPage,
    market_form::{EditMarketPage, NewMarketPage},
    product_form::{EditProductPage, MyProductsPage, NewProductPage},
    series_form::SeriesPage,
};
use crate::{
    app::{paths, AppContext, ConnectionBanner},
    i18n::*,
    pages::{account::AccountPage, not_found::not_found},
    router::{Route, Router, Routes},
    stall::{BookStallPage, DrawPage, MyBookingsPage, TicketPage},
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

#[component]
fn OrganiseShell() -> impl IntoView {
    let i18n = use_i18n();
    // The second app serves three kinds of people; the bar names the part they are in.
    let location = crate::router::use_location();
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
                <Routes routes=ROUTES fallback=not_found/>
            </main>
            // On a ticket the QR code comes first, whole on a 360×640 screen: the notices go below.
            {move || on_ticket.get().then(|| view! { <ConnectionBanner/> })}
        </div>
    }
}

/// The host units this user may publish for: an admin's are all of them.
pub(crate) fn my_units(user: &User, all: Vec<HostUnit>) -> Vec<HostUnit> {
    if user.roles.contains(&Role::Admin) {
        return all;
    }
    all.into_iter()
        .filter(|unit| user.host_units.iter().any(|mine| mine.id == unit.id))
        .collect()
}

/// The second app's pages: the organisers', the stallholders' and the account.
const ROUTES: &[Route] = &[
    Route {
        path: paths::ACCOUNT,
        view: || view! { <AccountPage/> }.into_any(),
    },
    Route {
        path: paths::ORGANISE,
        view: || view! { <OrganiseHome/> }.into_any(),
    },
    Route {
        path: paths::ORGANISE_NEW,
        view: || view! { <NewMarketPage/> }.into_any(),
    },
    Route {
        path: paths::ORGANISE_SERIES,
        view: || view! { <SeriesPage/> }.into_any(),
    },
    Route {
        path: paths::ORGANISE_MARKET,
        view: || view! { <EditMarketPage/> }.into_any(),
    },
    Route {
        path: paths::MARKET_BOOKINGS,
        view: || view! { <MarketBookingsPage/> }.into_any(),
    },
    Route {
        path: paths::STALL_LAYOUT,
        view: || view! { <LayoutPage/> }.into_any(),
    },
    Route {
        path: paths::MARKET_POSTER,
        view: || view! { <poster::PosterPage/> }.into_any(),
    },
    Route {
        path: paths::MARKET_ATTENDANCE,
        view: || view! { <attendance::AttendancePage/> }.into_any(),
    },
    Route {
        path: paths::MY_PRODUCTS,
        view: || view! { <MyProductsPage/> }.into_any(),
    },
    Route {
        path: paths::MY_PRODUCTS_NEW,
        view: || view! { <NewProductPage/> }.into_any(),
    },
    Route {
        path: paths::MY_PRODUCT,
        view: || view! { <EditProductPage/> }.into_any(),
    },
    Route {
        path: paths::BOOK_STALL,
        view: || view! { <BookStallPage/> }.into_any(),
    },
    Route {
        path: paths::REPORTS,
        view: || view! { <reports::ReportsPage/> }.into_any(),
    },
    Route {
        path: paths::HOUSEHOLDS,
        view: || view! { <HouseholdsPage/> }.into_any(),
    },
    Route {
        path: paths::MARKET_DRAW,
        view: || view! { <DrawPage/> }.into_any(),
    },
    Route {
        path: paths::TICKET,
        view: || view! { <TicketPage/> }.into_any(),
    },
    Route {
        path: paths::MY_BOOKINGS,
        view: || view! { <MyBookingsPage/> }.into_any(),
    },
];
