//! The store: every SQL statement of the server lives under this module.
//!
//! SQLite by default: one file in WAL mode, `synchronous=FULL` because it will hold bookings and
//! check-ins that must survive a power cut, foreign keys on, and migrations run at connect.

pub mod markets;
pub mod meta;
pub mod otp;
pub mod sessions;
pub mod users;

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The pool every store function takes.
pub type Db = sqlx::SqlitePool;

/// What the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names a database this build cannot open.
    #[error("unsupported database URL {0:?}: this build speaks SQLite (sqlite://path)")]
    UnsupportedUrl(String),
    /// A migration failed; the database is left at the last good one.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database failure.
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

/// Opens (creating if missing) the database at `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Db, StoreError> {
    if !url.starts_with("sqlite:") {
        return Err(StoreError::UnsupportedUrl(url.to_owned()));
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Writers queue on SQLite's lock rather than failing; races are still decided by constraints.
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A cheap round trip that proves the database answers.
pub async fn ping(db: &Db) -> Result<(), StoreError> {
    sqlx::query("SELECT 1").execute(db).await?;
    Ok(())
}
