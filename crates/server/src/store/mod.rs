//! The store: every SQL statement of the server lives under this module.
//!
//! SQLite by default: one file in WAL mode, `synchronous=FULL` because it will hold bookings and
//! check-ins that must survive a power cut, foreign keys on, and migrations run at connect.

pub mod audit;
pub mod bookings;
pub mod challenges;
pub mod checkins;
pub mod idempotency;
pub mod markets;
pub mod meta;
pub mod otp;
pub mod places;
pub mod products;
pub mod sessions;
pub mod signing;
pub mod stalls;
pub mod users;
pub mod workshops;

use std::{str::FromStr, time::Duration};

use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    ConnectOptions, Connection,
};

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
    /// After migrating, this many rows refer to rows that do not exist.
    #[error("{0} rows break foreign keys after migrating")]
    BrokenReferences(usize),
    /// Any other database failure.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A stored value this build cannot read (a kept answer, an unknown status): the rows are not
    /// what the code wrote.
    #[error("unreadable {0}")]
    Unreadable(String),
    /// A row the server itself keeps (its signing key, a poster's code) is missing.
    #[error("missing {0}")]
    Missing(&'static str),
    /// Every try at a fresh random value collided (a booking code): astronomically unlikely.
    #[error("no free {0}")]
    Exhausted(&'static str),
    /// A writer of the store's has stopped (the server is shutting down).
    #[error("the store's writer stopped")]
    Stopped,
}

impl StoreError {
    /// Whether the database is out of reach for now (busy, closed, or its disk failing), rather
    /// than the request or the data being at fault: then the answer is "try again soon".
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            Self::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            ) | Self::Stopped
        )
    }
}

/// A connection of the store's, in a transaction or not: what store functions take.
pub type Conn = sqlx::SqliteConnection;

/// A write transaction. Taken at once (SQLite's `BEGIN IMMEDIATE`), so concurrent writers queue on
/// the lock instead of failing when a read turns into a write; nothing stays written unless
/// [`Write::commit`] is called (dropped, it rolls back). It derefs to a [`Conn`] for store functions.
pub struct Write(sqlx::Transaction<'static, sqlx::Sqlite>);

/// A connection of the pool's for several reads in a row (it derefs to a [`Conn`]).
pub type Read = sqlx::pool::PoolConnection<sqlx::Sqlite>;

/// Takes a [`Read`] from the pool.
pub async fn read(db: &Db) -> Result<Read, StoreError> {
    Ok(db.acquire().await?)
}

/// Starts a [`Write`].
pub async fn write(db: &Db) -> Result<Write, StoreError> {
    Ok(Write(db.begin_with("BEGIN IMMEDIATE").await?))
}

impl Write {
    /// Makes everything written in it stay.
    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.0.commit().await?)
    }
}

impl std::ops::Deref for Write {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Write {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
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
        .busy_timeout(Duration::from_secs(15));
    migrate(options.clone()).await?;
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// Brings the schema up to date on a connection of its own with foreign keys off, as SQLite's way of
/// rebuilding a table needs (the pragma is a no-op inside the transaction each migration runs in);
/// then proves every reference still holds.
async fn migrate(options: SqliteConnectOptions) -> Result<(), StoreError> {
    let mut conn = options.foreign_keys(false).connect().await?;
    sqlx::migrate!("./migrations").run(&mut conn).await?;
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut conn)
        .await?;
    conn.close().await?;
    if broken.is_empty() {
        Ok(())
    } else {
        Err(StoreError::BrokenReferences(broken.len()))
    }
}

/// A cheap round trip that proves the database answers.
pub async fn ping(db: &Db) -> Result<(), StoreError> {
    sqlx::query("SELECT 1").execute(db).await?;
    Ok(())
}
