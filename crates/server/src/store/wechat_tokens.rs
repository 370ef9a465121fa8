//! `wechat_tokens`: WeChat's access_token and jsapi_ticket as the servers share them. Whoever's
//! update takes a row's `refreshing_until` asks WeChat for a new one; the others wait and read it.

use super::{Db, StoreError};

/// A token as saved: its value (empty before the first) and when it expires (unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub value: String,
    pub expires_at: i64,
}

/// The token of `kind` (`access_token`, `jsapi_ticket`) for `app_id`, if one was ever saved.
pub async fn get(db: &Db, app_id: &str, kind: &str) -> Result<Option<Saved>, StoreError> {
    let saved: Option<(String, i64)> = sqlx::query_as(
        "SELECT value, expires_at FROM wechat_tokens WHERE app_id = $1 AND kind = $2",
    )
    .bind(app_id)
    .bind(kind)
    .fetch_optional(db)
    .await?;
    Ok(saved.map(|(value, expires_at)| Saved { value, expires_at }))
}

/// Takes the right to refresh the token until `until`, when nobody holds it (or the holder's time
/// ran out: a server that died mid-refresh) and the token is still the one the caller saw expire
/// at `seen_expires_at` (so a refresh saved meanwhile is not made twice). One caller wins.
pub async fn take_refresh(
    db: &Db,
    app_id: &str,
    kind: &str,
    seen_expires_at: i64,
    now: i64,
    until: i64,
) -> Result<bool, StoreError> {
    sqlx::query(
        "INSERT INTO wechat_tokens (app_id, kind) VALUES ($1, $2) ON CONFLICT (app_id, kind) DO NOTHING",
    )
    .bind(app_id)
    .bind(kind)
    .execute(db)
    .await?;
    let taken = sqlx::query(
        "UPDATE wechat_tokens SET refreshing_until = $3 \
         WHERE app_id = $1 AND kind = $2 AND refreshing_until <= $4 AND expires_at = $5",
    )
    .bind(app_id)
    .bind(kind)
    .bind(until)
    .bind(now)
    .bind(seen_expires_at)
    .execute(db)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Saves a refreshed token and gives up the right to refresh.
pub async fn save(db: &Db, app_id: &str, kind: &str, saved: &Saved) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE wechat_tokens SET value = $3, expires_at = $4, refreshing_until = 0 \
         WHERE app_id = $1 AND kind = $2",
    )
    .bind(app_id)
    .bind(kind)
    .bind(&saved.value)
    .bind(saved.expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// Gives up the right to refresh after a failed refresh, so the next request may try again.
pub async fn give_up_refresh(db: &Db, app_id: &str, kind: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE wechat_tokens SET refreshing_until = 0 WHERE app_id = $1 AND kind = $2")
        .bind(app_id)
        .bind(kind)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks `value` expired when WeChat said it no longer is valid (`40001`): unless another server
/// has saved a newer one meanwhile, the next read refreshes it.
pub async fn expire(db: &Db, app_id: &str, kind: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE wechat_tokens SET expires_at = 0 WHERE app_id = $1 AND kind = $2 AND value = $3",
    )
    .bind(app_id)
    .bind(kind)
    .bind(value)
    .execute(db)
    .await?;
    Ok(())
}
