//! The phone's localStorage, for the few choices that must survive a reload.
//!
//! Storage can be missing or full (private mode, an old WebView, a full phone); a choice that cannot
//! be saved still applies to this visit, so failures are deliberately ignored here.

/// Reads a stored value.
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Stores a value, if the browser lets us.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(key, value);
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Forgets a stored value.
pub fn remove(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}
