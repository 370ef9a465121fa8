//! The last schedule this phone saw, kept in localStorage so a villager whose 3G drops (at the fair,
//! in the hills) still sees when and where the markets are, marked as saved earlier.

use jishi_core::market::Market;
use serde::{Deserialize, Serialize};

use crate::storage;

const KEY: &str = "jishi.schedule";

/// A schedule as saved: when, and what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSchedule {
    /// When it was saved, unix seconds.
    pub saved_at: i64,
    /// The markets as the server sent them.
    pub markets: Vec<Market>,
}

impl Eq for SavedSchedule {}

/// Keeps this schedule for the next time the network fails.
pub fn save(markets: &[Market]) {
    let saved = SavedSchedule {
        saved_at: crate::clock::now_unix(),
        markets: markets.to_vec(),
    };
    if let Ok(json) = serde_json::to_string(&saved) {
        storage::set(KEY, &json);
    }
}

/// The schedule saved last, if any (and if it still reads: an older app version's format is dropped).
pub fn load() -> Option<SavedSchedule> {
    serde_json::from_str(&storage::get(KEY)?).ok()
}
