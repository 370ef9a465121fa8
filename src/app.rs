//! The app: preferences and translations provided once, the router, and the shell every page sits
//! in (top bar, connection banner, bottom tabs).

use leptos::prelude::*;

use jishi_views::{
    shell::{Shell as Frame, Tab},
    today::provide_today,
};

use crate::{
    api, clock,
    components::server_status::ServerStatus,
    fetch::Fetch,
    i18n::*,
    pages::{
        market::MarketPage,
        markets::MarketsPage,
        me::MePage,
        not_found::not_found,
        products::{ProductPage, ProductsPage, WorkshopPage},
    },
    prefs::provide_prefs,
    retry::{provide_retry, use_retry},
    router::{use_location, Route, Router, Routes},
    session::provide_session,
};

/// The app's routes (one place for links, routers and the server).
pub use jishi_views::paths;

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
    provide_retry();
    provide_today(clock::now_unix());
    let locale = Signal::derive(move || locale_of(prefs.lang.get()));
    view! { <I18nSubContextProvider initial_locale=locale>{children()}</I18nSubContextProvider> }
}

/// Top bar, connection banner, the routed page, and the tab bar.
#[component]
fn Shell() -> impl IntoView {
    let location = use_location();
    let tab = Memo::new(move |_| Tab::for_path(&location.pathname.get()));
    view! {
        <Frame tab>
            <ConnectionBanner/>
            <main>
                <Routes routes=ROUTES fallback=not_found/>
            </main>
        </Frame>
    }
}

/// What a page shows while its data loads (when the page the server wrote did not carry it).
#[component]
pub fn Loading() -> impl IntoView {
    view! { <div class="skeleton" aria-busy="true"><div class="bone"></div><div class="bone"></div></div> }
}

/// Checks the server once per visit and shows [`ServerStatus`] for the result: a villager learns at
/// once when the network, not the app, is the problem. Its 重试 also reloads the page's data.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let retry = use_retry();
    // While 重试 checks again the banner stays, so the page does not jump as if all were well.
    let health = Fetch::keeping_last(move || {
        retry.track();
        api::health()
    });
    let error = Signal::derive(move || health.get().and_then(Result::err));
    let on_retry = Callback::new(move |()| retry.again());
    view! { <ServerStatus error on_retry/> }
}

/// Sets the browser tab's title (what a shared link and the history list show) for this page.
pub fn use_page_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| document().set_title(&tab_title(&title())));
}

/// `https://host` this page was opened on (links in share texts and cards point there).
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The villagers' pages, by the pattern each answers (`paths`).
const ROUTES: &[Route] = &[
    Route {
        path: paths::MARKETS,
        view: || view! { <MarketsPage/> }.into_any(),
    },
    Route {
        path: paths::MARKET,
        view: || view! { <MarketPage/> }.into_any(),
    },
    Route {
        path: paths::PRODUCTS,
        view: || view! { <ProductsPage/> }.into_any(),
    },
    Route {
        path: paths::PRODUCT,
        view: || view! { <ProductPage/> }.into_any(),
    },
    Route {
        path: paths::WORKSHOP,
        view: || view! { <WorkshopPage/> }.into_any(),
    },
    Route {
        path: paths::ME,
        view: || view! { <MePage/> }.into_any(),
    },
];
