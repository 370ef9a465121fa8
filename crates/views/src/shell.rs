//! The frame of every villagers' page: the top bar, and the bottom tab bar (集市, 好物, 我的),
//! thumb-reachable, always visible, the current tab marked with `aria-current` (colour and weight,
//! not colour alone).

use leptos::prelude::*;

use crate::{
    i18n::*,
    icons::{BasketIcon, PersonIcon, StallIcon},
    paths,
};

/// The three top-level sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The schedule of markets (and everything under a market).
    Markets,
    /// Products and workshops.
    Products,
    /// The user's own things and settings.
    Me,
}

impl Tab {
    /// The tab a path belongs to; `None` for paths outside the three sections (not found, say).
    pub fn for_path(path: &str) -> Option<Self> {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        match first {
            "" | "m" => Some(Self::Markets),
            "products" | "p" | "w" => Some(Self::Products),
            "me" | "organise" => Some(Self::Me),
            _ => None,
        }
    }
}

/// The top bar, the page (`children`), and the tab bar with `tab` marked.
#[component]
pub fn Shell(
    /// The section shown now.
    #[prop(into)]
    tab: Signal<Option<Tab>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="shell">
            <header class="topbar">
                <strong class="brand">{t!(i18n, app_name)}</strong>
                <span class="sub">{t!(i18n, tagline)}</span>
            </header>
            {children()}
            <TabBar current=tab/>
        </div>
    }
}

/// The bar itself.
#[component]
fn TabBar(current: Signal<Option<Tab>>) -> impl IntoView {
    let i18n = use_i18n();
    let aria = move |tab: Tab| move || (current.get() == Some(tab)).then_some("page");
    view! {
        <nav class="tabbar" aria-label=move || t_string!(i18n, tabs_label)>
            <a href=paths::MARKETS aria-current=aria(Tab::Markets)>
                <StallIcon/>
                <span>{t!(i18n, tab_markets)}</span>
            </a>
            <a href=paths::PRODUCTS aria-current=aria(Tab::Products)>
                <BasketIcon/>
                <span>{t!(i18n, tab_products)}</span>
            </a>
            <a href=paths::ME aria-current=aria(Tab::Me)>
                <PersonIcon/>
                <span>{t!(i18n, tab_me)}</span>
            </a>
        </nav>
    }
}
