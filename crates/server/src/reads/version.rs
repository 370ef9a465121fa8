//! The version of what public reads show, as of a check begun after the caller asked: so a read
//! that follows a write's answer, on any instance, never gets an answer from before the write.
//! Readers that arrive while a check runs share the next one, and checks begin at most once a
//! millisecond: the database sees at most a thousand checks a second per server however many reads
//! come in (checking back to back took a third of a busy server's one core), and a read waits at
//! most a millisecond more.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

/// The least time between the beginnings of two checks.
const BETWEEN_CHECKS: Duration = Duration::from_millis(1);

use crate::store::{read_versions, Db, StoreError};

/// One server's checks of the version.
#[derive(Default)]
pub struct Versions {
    /// How many checks have begun.
    begun: AtomicU64,
    /// The last check's number and result; held while a check runs, so checks run one at a time
    /// and waiters queue in order.
    last: tokio::sync::Mutex<Checked>,
}

#[derive(Default)]
struct Checked {
    number: u64,
    version: i64,
    began: Option<Instant>,
}

impl Versions {
    /// The version from a check begun after this call was made.
    pub async fn current(&self, db: &Db) -> Result<i64, StoreError> {
        let arrived = self.begun.load(Ordering::SeqCst);
        let mut last = self.last.lock().await;
        if last.number > arrived {
            return Ok(last.version);
        }
        if let Some(since) = last.began.map(|began| began.elapsed()) {
            if since < BETWEEN_CHECKS {
                // Whoever arrives meanwhile shares the check that follows.
                tokio::time::sleep(BETWEEN_CHECKS - since).await;
            }
        }
        let number = self.begun.fetch_add(1, Ordering::SeqCst) + 1;
        let began = Some(Instant::now());
        let version = read_versions::current(db).await?;
        *last = Checked {
            number,
            version,
            began,
        };
        Ok(version)
    }
}
