//! The store: every SQL statement of the server lives under this module.
//!
//! SQLite by default, PostgreSQL for several servers on one database (`--db postgres://…`); each
//! has its own migrations (`migrations/sqlite`, `migrations/postgres`), run at connect, for one
//! schema.

pub mod audit;
pub mod bookings;
pub mod challenges;
pub mod checkins;
mod claim;
pub mod households;
pub mod idempotency;
pub mod lottery;
pub mod markets;
pub mod messages;
pub mod meta;
pub mod otp;
pub mod places;
pub mod products;
pub mod read_versions;
pub mod reports;
pub mod sessions;
pub mod signing;
pub mod stalls;
pub mod users;
pub mod wechat_tokens;
pub mod workshops;

use std::{str::FromStr, time::Duration};

pub use claim::Claim;
use claim::Held;

use sqlx::{
    any::AnyPoolOptions,
    postgres::PgConnection,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
    ConnectOptions, Connection, Executor,
};

/// The pool every store function takes: SQLite or PostgreSQL behind sqlx's `Any` driver, so each
/// statement is written once (placeholders `$1`, which both understand).
pub type Db = sqlx::AnyPool;

/// What the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names a database this build cannot open.
    #[error("unsupported database URL {0:?}: this build speaks SQLite (sqlite://path) and PostgreSQL (postgres://…)")]
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

/// The two databases the store speaks. Nearly every statement is the same text on both; the few
/// that differ (a list bound as a parameter, full-text search) ask the connection which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// One file, the embedded default.
    Sqlite,
    /// The scale path: several stateless servers on one database.
    Postgres,
}

impl Dialect {
    /// The dialect a database URL names.
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// The dialect of a connection.
    pub fn of(conn: &Conn) -> Self {
        if conn.backend_name() == "PostgreSQL" {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }

    /// A subquery of the strings in the JSON array bound as `param` (`$2`): how a list is bound
    /// as one parameter on both.
    pub fn strings_of(self, param: &str) -> String {
        match self {
            Self::Sqlite => format!("SELECT value FROM json_each({param})"),
            Self::Postgres => format!("SELECT json_array_elements_text({param}::json)"),
        }
    }

    /// The dialect of a pool.
    pub fn of_pool(db: &Db) -> Self {
        Self::of_url(db.connect_options().database_url.as_str()).unwrap_or(Self::Sqlite)
    }
}

/// A connection of the store's, in a transaction or not: what store functions take.
pub type Conn = sqlx::AnyConnection;

/// A write transaction: on SQLite taken at once (`BEGIN IMMEDIATE`), so concurrent writers queue
/// on the lock instead of failing when a read turns into a write; on PostgreSQL holding the
/// advisory locks of its [`Claim`]s. Nothing stays written unless [`Write::commit`] is called
/// (dropped, it rolls back). It derefs to a [`Conn`] for store functions.
pub struct Write {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    /// The read-version counter to bump at commit, when it changes what public reads show.
    changes: Option<i64>,
    /// This process's turn at the claims, given up when the transaction ends.
    _held: Held,
}

/// A connection of the pool's for several reads in a row (it derefs to a [`Conn`]).
pub type Read = sqlx::pool::PoolConnection<sqlx::Any>;

/// Takes a [`Read`] from the pool.
pub async fn read(db: &Db) -> Result<Read, StoreError> {
    Ok(db.acquire().await?)
}

/// Starts a [`Write`] holding `claims`.
pub async fn write(db: &Db, claims: &[Claim<'_>]) -> Result<Write, StoreError> {
    let changes = claims
        .iter()
        .find(|claim| claim.changes_public_reads())
        .map(Claim::shard);
    match Dialect::of_pool(db) {
        Dialect::Sqlite => Ok(Write {
            tx: db.begin_with("BEGIN IMMEDIATE").await?,
            changes,
            _held: Held::default(),
        }),
        Dialect::Postgres => {
            // Queue in this process first, so waiting for a busy market holds no connection:
            // otherwise the waiters of one market can take the whole pool while others idle.
            let held = claim::hold(claims).await;
            let mut tx = db.begin().await?;
            for key in held.keys() {
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(Write {
                tx,
                changes,
                _held: held,
            })
        }
    }
}

impl Write {
    /// Marks a write that changes what public reads show without claiming a market, product or
    /// host unit (the demo data going in).
    pub fn changes_public_reads(&mut self) {
        self.changes.get_or_insert(0);
    }

    /// Makes everything written in it stay; a change to what public reads show is counted in the
    /// same transaction, so no cached read outlives it.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        if let Some(shard) = self.changes {
            read_versions::bump(&mut self.tx, shard).await?;
        }
        Ok(self.tx.commit().await?)
    }
}

impl std::ops::Deref for Write {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl std::ops::DerefMut for Write {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

/// Whether `error` broke the unique index or constraint `name` (PostgreSQL names it; SQLite names
/// the columns, given as `columns`, e.g. `bookings.stall_id`).
pub fn violates(error: &sqlx::Error, name: &str, columns: &str) -> bool {
    match error {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            e.constraint() == Some(name) || e.message().contains(columns)
        }
        _ => false,
    }
}

/// An integer column read into the narrower type the code keeps it in (both databases hand out
/// 64-bit integers); a value that does not fit is a row the code did not write.
pub fn narrow<T: TryFrom<i64>>(row: &sqlx::any::AnyRow, column: &str) -> Result<T, StoreError> {
    let wide: i64 = sqlx::Row::try_get(row, column)?;
    T::try_from(wide).map_err(|_| StoreError::Unreadable(format!("{column} {wide}")))
}

/// `url` fit for a log: a password in it (`postgres://user:secret@host/db`) is written `***`.
pub fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((credentials, _)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            let host_and_path = &rest[credentials.len()..];
            format!("{scheme}://{user}:***{host_and_path}")
        }
        _ => url.to_owned(),
    }
}

/// Opens (creating if missing) the database at `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Db, StoreError> {
    sqlx::any::install_default_drivers();
    match Dialect::of_url(url)? {
        Dialect::Sqlite => connect_sqlite(url).await,
        Dialect::Postgres => connect_postgres(url).await,
    }
}

/// SQLite: one file in WAL mode, `synchronous=FULL` because it holds bookings and check-ins that
/// must survive a power cut, foreign keys on.
async fn connect_sqlite(url: &str) -> Result<Db, StoreError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(false);
    migrate_sqlite(options).await?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        // A file that opened does not go away under a connection: no ping before each use.
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                // Writers queue on SQLite's lock rather than failing; races are still decided by
                // constraints.
                conn.execute("PRAGMA busy_timeout = 15000").await?;
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(pool)
}

/// Brings the schema up to date on a connection of its own with foreign keys off, as SQLite's way of
/// rebuilding a table needs (the pragma is a no-op inside the transaction each migration runs in);
/// then proves every reference still holds.
async fn migrate_sqlite(options: SqliteConnectOptions) -> Result<(), StoreError> {
    let mut conn = options
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(15))
        .connect()
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&mut conn).await?;
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

/// PostgreSQL: the schema migrated under the migrator's own advisory lock, so instances starting
/// together migrate once.
async fn connect_postgres(url: &str) -> Result<Db, StoreError> {
    let mut conn = PgConnection::connect(url).await?;
    sqlx::migrate!("./migrations/postgres")
        .run(&mut conn)
        .await?;
    conn.close().await?;
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(15))
        .connect(url)
        .await?;
    Ok(pool)
}

/// A cheap round trip that proves the database answers.
pub async fn ping(db: &Db) -> Result<(), StoreError> {
    sqlx::query("SELECT 1").execute(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_reaches_the_log() {
        assert_eq!(
            shown("postgres://jishi:s3cr:et@db.example:5432/jishi"),
            "postgres://jishi:***@db.example:5432/jishi"
        );
        assert_eq!(
            shown("postgres://jishi@db/jishi"),
            "postgres://jishi@db/jishi"
        );
        assert_eq!(shown("sqlite://jishi.db"), "sqlite://jishi.db");
    }

    #[test]
    fn urls_name_their_dialect() {
        assert_eq!(Dialect::of_url("sqlite://x.db").unwrap(), Dialect::Sqlite);
        assert_eq!(
            Dialect::of_url("postgresql://h/db").unwrap(),
            Dialect::Postgres
        );
        assert!(Dialect::of_url("mysql://h/db").is_err());
    }
}
