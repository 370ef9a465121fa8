//! 验票: the gate, a third app under `/gate` (`gate.html`): an organiser's phone reads stallholders'
//! QR tickets with its camera, or takes the typed short code, and judges them with no network.

mod judge;
mod qr;
mod scanner;

use leptos::prelude::*;

use crate::{
    app::{paths, AppContext, ConnectionBanner},
    i18n::*,
    pages::not_found::not_found,
    router::{Route, Router, Routes},
};

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
                <Routes routes=ROUTES fallback=not_found/>
            </main>
        </div>
    }
}

/// The gate's one page.
const ROUTES: &[Route] = &[Route {
    path: paths::GATE,
    view: || view! { <scanner::ScannerPage/> }.into_any(),
}];
