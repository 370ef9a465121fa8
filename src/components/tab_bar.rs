//! The bottom tab bar: 集市, 好物, 我的. Thumb-reachable, always visible, the current tab marked with
//! `aria-current` (colour and weight, not colour alone).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    app::paths,
    components::icons::{BasketIcon, PersonIcon, StallIcon},
    i18n::*,
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

/// The bar itself.
#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let current = Memo::new(move |_| Tab::for_path(&location.pathname.get()));
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
