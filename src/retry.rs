//! The connection banner's 重试 is the one way to try again: a tap checks the server and reloads
//! what the page shows (a market shown as saved becomes the live one), so no screen needs a retry
//! button of its own.

use leptos::prelude::*;

/// How many times the user asked to try again; pages that load read it to load again.
#[derive(Debug, Clone, Copy)]
pub struct Retry(RwSignal<u32>);

impl Retry {
    /// Makes the caller (a resource's loader) run again on the next retry.
    pub fn track(self) {
        self.0.track();
    }

    /// The user asked to try again.
    pub fn again(self) {
        self.0.update(|tries| *tries += 1);
    }
}

/// Provided once, by `AppContext`.
pub fn provide_retry() {
    provide_context(Retry(RwSignal::new(0)));
}

/// The [`Retry`] `AppContext` provided.
pub fn use_retry() -> Retry {
    expect_context::<Retry>()
}
