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
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(now + ttl_secs)
    .execute(db)
    .await?;
    Ok(())
}

/// The user of a live session, whose expiry moves to `now + ttl_secs` (one statement: no race
/// between the check and the extension).
pub async fn touch(
    db: &Db,
    token_hash: &str,
    now: i64,
    ttl_secs: i64,
) -> Result<Option<String>, StoreError> {
    let user_id = sqlx::query_scalar(
        "UPDATE sessions SET expires_at = ? WHERE token_hash = ? AND expires_at > ? RETURNING user_id",
    )
    .bind(now + ttl_secs)
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(user_id)
}

/// Ends a session (logout); ending one that is gone already is fine.
pub async fn delete(db: &Db, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}
