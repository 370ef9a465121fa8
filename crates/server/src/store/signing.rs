//! The keys that sign check-in tickets and posters, kept so every ticket stays verifiable across
//! restarts.

use super::{Db, StoreError};

/// The newest signing key, created (from `fresh`) when there is none; and every key's (kid, secret).
pub async fn signing_keys(
    db: &Db,
    fresh: ([u8; 32], String),
    now: i64,
) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    sqlx::query(
        "INSERT INTO signing_keys (kid, secret, created_at)
         SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM signing_keys)",
    )
    .bind(&fresh.1)
    .bind(fresh.0.as_slice())
    .bind(now)
    .execute(db)
    .await?;
    Ok(
        sqlx::query_as("SELECT kid, secret FROM signing_keys ORDER BY created_at DESC, kid")
            .fetch_all(db)
            .await?,
    )
}
