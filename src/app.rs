//! The app: preferences and translations provided once, the router, and the shell every page sits
//! in (top bar, connection banner, bottom tabs).

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::{use_location, use_navigate},
    path,
};

use crate::{
    api,
    components::{
        server_status::ServerStatus,
        tab_bar::{Tab, TabBar},
    },
    i18n::*,
    pages::{
        checkin::CheckInPage,
        market::MarketPage,
        markets::MarketsPage,
        me::MePage,
        not_found::NotFound,
        products::{ProductPage, ProductsPage, WorkshopPage},
    },
    prefs::provide_prefs,
    session::{provide_session, use_session},
};

/// The app's routes, in one place: links and the router both read these.
pub mod paths {
    /// 集市: the month's markets (the first screen).
    pub const MARKETS: &str = "/";
    /// 好物: local products and workshops.
    pub const PRODUCTS: &str = "/products";
    /// 我的: the user's own things and settings.
    pub const ME: &str = "/me";

    /// The organiser's desk: the organisers' app (`organise.html`), so links to it and from it to
    /// the pages above are `rel="external"`, loading the other app.
    pub const ORGANISE: &str = "/organise";
    /// Publish a market.
    pub const ORGANISE_NEW: &str = "/organise/new";
    /// Publish a monthly series.
    pub const ORGANISE_SERIES: &str = "/organise/series";

    /// One market's page, the link shared in WeChat groups.
    pub fn market(id: &str) -> String {
        format!("/m/{id}")
    }

    /// One product's page.
    pub fn product(id: &str) -> String {
        format!("/p/{id}")
    }

    /// One workshop's page.
    pub fn workshop(id: &str) -> String {
        format!("/w/{id}")
    }

    /// The goods a user keeps (the organisers' app, open to stallholders too).
    pub const MY_PRODUCTS: &str = "/organise/products";
    /// Add one.
    pub const MY_PRODUCTS_NEW: &str = "/organise/products/new";

    /// The form of one of them.
    pub fn my_product(id: &str) -> String {
        format!("/organise/products/{id}")
    }

    /// A market's stall map, to book a stall (the second app).
    pub fn book_stall(market_id: &str) -> String {
        format!("/stall/m/{market_id}")
    }

    /// A booking's ticket (the second app).
    pub fn ticket(booking_id: &str) -> String {
        format!("/stall/b/{booking_id}")
    }

    /// The user's bookings (the second app).
    pub const MY_BOOKINGS: &str = "/stall/mine";

    /// An organiser's form for one market.
    pub fn organise_market(id: &str) -> String {
        format!("/organise/m/{id}")
    }

    /// The gate's scanner for a market (the third app).
    pub fn gate(market_id: &str) -> String {
        format!("/gate/m/{market_id}")
    }

    /// A market's bookings, for its organisers.
    pub fn market_bookings(id: &str) -> String {
        format!("/organise/m/{id}/bookings")
    }
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <AppContext>
            <Router>
                <Shell/>
            </Router>
        </AppContext>
    }
}

/// What every component may rely on: the preferences, and translations that follow the language.
#[component]
pub fn AppContext(children: Children) -> impl IntoView {
    let prefs = provide_prefs();
    provide_session();
    let locale = Signal::derive(move || locale_of(prefs.lang.get()));
    view! { <I18nSubContextProvider initial_locale=locale>{children()}</I18nSubContextProvider> }
}

/// Top bar, connection banner, the routed page, and the tab bar.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    send_expired_sessions_to_login();
    view! {
        <div class="shell">
            <header class="topbar">
                <strong class="brand">{t!(i18n, app_name)}</strong>
                <span class="sub">{t!(i18n, tagline)}</span>
            </header>
            <ConnectionBanner/>
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=MarketsPage/>
                    <Route path=path!("/m/:id") view=MarketPage/>
                    <Route path=path!("/products") view=ProductsPage/>
                    <Route path=path!("/p/:id") view=ProductPage/>
                    <Route path=path!("/w/:id") view=WorkshopPage/>
                    <Route path=path!("/me") view=MePage/>
                    <Route path=path!("/checkin") view=CheckInPage/>
                </Routes>
            </main>
            <TabBar/>
        </div>
    }
}

/// Checks the server once per visit and shows [`ServerStatus`] for the result: a villager learns at
/// once when the network, not the app, is the problem.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let health = LocalResource::new(api::health);
    let error = Signal::derive(move || health.get().and_then(Result::err));
    view! { <ServerStatus error on_retry=Callback::new(move |()| health.refetch())/> }
}

/// When the server refuses the session (expired, logged out elsewhere), go to the login form and,
/// once logged in again, come back here.
fn send_expired_sessions_to_login() {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if !session.expired.get() {
            return;
        }
        let here = location.pathname.get_untracked();
        if Tab::for_path(&here) != Some(Tab::Me) {
            navigate(
                &format!("{}?next={}", paths::ME, crate::url::encode(&here, "/")),
                Default::default(),
            );
        }
    });
}

/// Sets the browser tab's title (what a shared link and the history list show) for this page.
pub fn use_page_title(title: impl Fn() -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let app = t_string!(i18n, app_name).to_string();
        document().set_title(&format!("{} · {app}", title()));
    });
}
