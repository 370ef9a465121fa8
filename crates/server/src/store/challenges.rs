//! The challenges' secret, and the nonces of challenges already answered.

use super::{Db, StoreError};

/// The secret named `name`, created from `fresh` by whichever instance asks first.
pub async fn secret(db: &Db, name: &str, fresh: &[u8]) -> Result<Vec<u8>, StoreError> {
    sqlx::query(
        "INSERT INTO server_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh)
    .execute(db)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT secret FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(db)
            .await?,
    )
}

/// Marks a challenge's nonce answered; `false` when it already was (the primary key decides).
/// Nonces past their expiry are forgotten on the way: their challenges fail on the time anyway.
pub async fn use_nonce(
    db: &Db,
    nonce: &str,
    expires_at: i64,
    now: i64,
) -> Result<bool, StoreError> {
    // The nonce's primary key decides; an insert meeting another's uncommitted row waits for it.
    let mut tx = super::write(db, &[]).await?;
    sqlx::query("DELETE FROM used_challenges WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO used_challenges (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING",
    )
    .bind(nonce)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(inserted)
}
