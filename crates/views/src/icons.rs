//! Line icons drawn inline: no icon font or image request on 3G. Decorative (`aria-hidden`); the
//! text beside each icon names it.

use leptos::prelude::*;

/// The frame every icon shares: a 24-unit square drawn in 2-unit rounded strokes of the text colour.
#[component]
fn LineIcon(children: Children) -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            {children()}
        </svg>
    }
}

/// A market stall with an awning (集市).
#[component]
pub fn StallIcon() -> impl IntoView {
    view! {
        <LineIcon>
            <path d="M3 9l2-5h14l2 5"/>
            <path d="M3 9c0 1.7 1.3 3 3 3s3-1.3 3-3c0 1.7 1.3 3 3 3s3-1.3 3-3c0 1.7 1.3 3 3 3s3-1.3 3-3"/>
            <path d="M5 12v8h14v-8"/>
            <path d="M10 20v-5h4v5"/>
        </LineIcon>
    }
}

/// A basket (好物).
#[component]
pub fn BasketIcon() -> impl IntoView {
    view! {
        <LineIcon>
            <path d="M4 10h16l-1.5 9.5a1 1 0 0 1-1 .5h-11a1 1 0 0 1-1-.5z"/>
            <path d="M8 10l4-6 4 6"/>
            <path d="M9 14v3M12 14v3M15 14v3"/>
        </LineIcon>
    }
}

/// A person (我的).
#[component]
pub fn PersonIcon() -> impl IntoView {
    view! {
        <LineIcon>
            <circle cx="12" cy="8" r="4"/>
            <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7"/>
        </LineIcon>
    }
}

/// A calendar (empty schedule).
#[component]
pub fn CalendarIcon() -> impl IntoView {
    view! {
        <LineIcon>
            <rect x="3" y="5" width="18" height="16" rx="2"/>
            <path d="M3 10h18M8 3v4M16 3v4"/>
        </LineIcon>
    }
}

/// A road sign pointing nowhere (not found).
#[component]
pub fn SignpostIcon() -> impl IntoView {
    view! {
        <LineIcon>
            <path d="M12 3v18M8 21h8"/>
            <path d="M5 6h11l3 2.5-3 2.5H5z"/>
        </LineIcon>
    }
}
