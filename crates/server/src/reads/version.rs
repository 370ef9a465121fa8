//! The version of what public reads show, as of a moment after the caller asked: so a read that
//! follows a write's answer, on any instance, never gets an answer from before the write.
//!
//! An SQLite file is asked directly, for each read: a few microseconds on the calling thread, and
//! it sees every commit, by this server or by any other process on the file. A database server
//! costs a round trip, so there reads that arrive while a check runs share the next one, and
//! checks begin at most once a millisecond: the database sees at most a thousand checks a second
//! per server however many reads come in, and a read waits at most a millisecond more.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

use crate::store::{
    read_versions::{self, FileVersions},
    Db, StoreError,
};

/// The least time between the beginnings of two shared checks.
const BETWEEN_CHECKS: Duration = Duration::from_millis(1);

/// One server's way to the version.
#[derive(Debug)]
pub enum Versions {
    /// One SQLite file, read on a connection of its own.
    File(FileVersions),
    /// A database server, asked by checks that waiting reads share.
    Shared(SharedChecks),
}

impl Versions {
    /// The cheapest way to the version of `db`.
    pub fn of(db: &Db) -> Self {
        FileVersions::open(db).map_or_else(|| Self::Shared(SharedChecks::default()), Self::File)
    }

    /// The version from a read made after this call began.
    pub async fn current(&self, db: &Db) -> Result<i64, StoreError> {
        match self {
            Self::File(file) => file.current(),
            Self::Shared(checks) => checks.current(db).await,
        }
    }
}

/// Checks of the version through the pool, shared by the reads that wait for them.
#[derive(Debug, Default)]
pub struct SharedChecks {
    /// How many checks have begun.
    begun: AtomicU64,
    /// The last check's number and result; held while a check runs, so checks run one at a time
    /// and waiters queue in order.
    last: tokio::sync::Mutex<Checked>,
}

#[derive(Debug, Default)]
struct Checked {
    number: u64,
    version: i64,
    began: Option<Instant>,
}

impl SharedChecks {
    /// The version from a check begun after this call was made.
    async fn current(&self, db: &Db) -> Result<i64, StoreError> {
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
