//! Components: they take props (and the app-wide prefs) and never fetch on their own.

pub mod empty_state;
pub mod filter_chips;
pub mod icons;
pub mod market_card;
pub mod product_card;
pub mod server_status;
pub mod settings;
pub mod stall_zones;
pub mod tab_bar;
