//! `app_meta`: facts about the database itself, such as when the demo data went in.

use time::{macros::format_description, OffsetDateTime};

use super::{Db, StoreError};

/// Records `key` with the current UTC time, once, and reports whether this call was the one that did.
///
/// The primary key decides: of two processes racing, exactly one gets `true`. Being a write, it
/// also takes SQLite's write lock when it opens a transaction, so the work after it cannot be
/// refused with `SQLITE_BUSY` halfway.
pub async fn claim_once(tx: &mut crate::store::Conn, key: &str) -> Result<bool, StoreError> {
    let at = OffsetDateTime::now_utc()
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default();
    let result = sqlx::query(
        "INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(at)
    .execute(tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Reads one fact, if recorded.
pub async fn get(db: &Db, key: &str) -> Result<Option<String>, StoreError> {
    let value = sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
        .bind(key)
        .fetch_optional(db)
        .await?;
    Ok(value)
}
