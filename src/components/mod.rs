//! The app's own components (those the server never draws; the rest are `jishi_views`'): they take
//! props (and the app-wide prefs) and never fetch on their own.

pub mod bars;
pub mod fields;
pub mod messages;
pub mod problems;
pub mod server_status;
pub mod settings;
pub mod stall_zones;
pub mod user_facts;
