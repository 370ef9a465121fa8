//! Sessions: token hashes with a sliding expiry.

use super::{Db, StoreError};

/// Records a new session for `user_id`.
pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: &str,
    now: i64,
    ttl_secs: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(now + ttl_secs)
    .execute(db)
    .await?;
    Ok(())
}

/// How stale a session's expiry may get before a request moves it: writing it on every request
/// would make every API call a write, queueing reads behind SQLite's one writer at a busy fair.
const SLIDE_STEP_SECS: i64 = 3600;

/// The user of a live session, whose expiry moves to `now + ttl_secs` (at most once an hour; the
/// extension is one statement that re-checks validity, so there is no race with expiry).
pub async fn touch(
    db: &Db,
    token_hash: &str,
    now: i64,
    ttl_secs: i64,
) -> Result<Option<String>, StoreError> {
    let live: Option<(String, i64)> = sqlx::query_as(
        "SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await?;
    let Some((user_id, expires_at)) = live else {
        return Ok(None);
    };
    if expires_at < now + ttl_secs - SLIDE_STEP_SECS {
        sqlx::query(
            "UPDATE sessions SET expires_at = $1 WHERE token_hash = $2 AND expires_at > $3",
        )
        .bind(now + ttl_secs)
        .bind(token_hash)
        .bind(now)
        .execute(db)
        .await?;
    }
    Ok(Some(user_id))
}

/// Ends a session (logout); `false` when there was none (never was, expired, or ended before).
pub async fn delete(db: &Db, token_hash: &str) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}
