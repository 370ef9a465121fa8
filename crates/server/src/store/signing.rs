//! The keys that sign check-in tickets and posters, kept so every ticket stays verifiable across
//! restarts.

use super::{Claim, Db, StoreError};

/// The newest signing key, created (from `fresh`) when there is none; and every key's (kid, secret).
pub async fn signing_keys(
    db: &Db,
    fresh: ([u8; 32], String),
    now: i64,
) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    // One instance at a time, so instances starting together agree on one key.
    let mut tx = super::write(db, &[Claim::Singleton("signing_keys")]).await?;
    sqlx::query(
        "INSERT INTO signing_keys (kid, secret, created_at)
         SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM signing_keys)",
    )
    .bind(&fresh.1)
    .bind(fresh.0.as_slice())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let keys = sqlx::query_as("SELECT kid, secret FROM signing_keys ORDER BY created_at DESC, kid")
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(keys)
}
