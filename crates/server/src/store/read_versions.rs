//! The counters whose sum says whether a cached public read still holds (migration 0013).

mod file;

pub use file::FileVersions;

use super::{Conn, Db, StoreError};

/// How many counters there are.
pub const SHARDS: i64 = 16;

/// The statement that reads the version, on either database.
const CURRENT: &str = "SELECT CAST(sum(n) AS BIGINT) FROM read_versions";

/// Counts one change of what public reads show, inside the writing transaction.
pub async fn bump(conn: &mut Conn, shard: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE read_versions SET n = n + 1 WHERE shard = $1")
        .bind(shard.rem_euclid(SHARDS))
        .execute(conn)
        .await?;
    Ok(())
}

/// The version of everything public reads show: it grows with every committed change.
pub async fn current(db: &Db) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(CURRENT).fetch_one(db).await?)
}
