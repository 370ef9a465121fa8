//! The markup of the pages a villager opens from a shared link (`/`, `/m/{id}`, `/products`,
//! `/p/{id}`, `/w/{id}`), one source for both sides: the app builds these components with Leptos'
//! `csr` feature, and the server renders the very same ones to HTML (`ssr`), so the page a phone
//! paints first is the page the app then takes over, word for word.
//!
//! Components take the data they show as props and never fetch; they read only the translations
//! ([`i18n`]) and [`today`] from the context. What a page loads, and what it does when loading
//! fails, is the app's (`pages`) or the server's (`pages`).

pub mod booking_window;
pub mod empty_state;
pub mod filter_chips;
pub mod i18n;
pub mod icons;
pub mod market;
pub mod market_card;
pub mod markets;
pub mod open_in_browser;
pub mod paths;
pub mod product_card;
pub mod products;
pub mod share;
pub mod shell;
pub mod today;
