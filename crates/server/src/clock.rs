//! The time, as the rules see it: the system clock in production, a hand-set one in tests, so expiry
//! and rate limits are tested without sleeping.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

/// Unix seconds, from the system or from a test.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that stands still at `unix_secs` until moved with [`Clock::advance`].
    pub fn manual(unix_secs: i64) -> Self {
        Self {
            manual: Some(Arc::new(AtomicI64::new(unix_secs))),
        }
    }

    /// Now, in unix seconds.
    pub fn now(&self) -> i64 {
        match &self.manual {
            Some(secs) => secs.load(Ordering::SeqCst),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
        }
    }

    /// Moves a manual clock forward (every copy of it sees the move); a no-op on the system clock.
    pub fn advance(&self, secs: i64) {
        if let Some(manual) = &self.manual {
            manual.fetch_add(secs, Ordering::SeqCst);
        }
    }
}
