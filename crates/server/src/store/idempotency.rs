//! Kept answers to requests that may be sent again: bookings with an `Idempotency-Key`, and the
//! gate's scans by their nonce (keys `scan:<nonce>`), in one table with one key space per user.

use super::{Conn, StoreError};

/// A kept answer to an idempotent request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// What was asked.
    pub request: String,
    /// The HTTP status answered.
    pub status: u16,
    /// The body answered (JSON), or the error code.
    pub body: String,
}

/// The answer kept for `user_id`'s `key`, if any.
pub async fn find(conn: &mut Conn, user_id: &str, key: &str) -> Result<Option<Kept>, StoreError> {
    let row: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT request, status, body FROM idempotency WHERE user_id = $1 AND key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(request, status, body)| Kept {
        request,
        status: u16::try_from(status).unwrap_or(500),
        body,
    }))
}

/// Keeps the answer to `user_id`'s `key`.
pub async fn keep(
    conn: &mut Conn,
    user_id: &str,
    key: &str,
    answer: &Kept,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO idempotency (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(key)
    .bind(&answer.request)
    .bind(i64::from(answer.status))
    .bind(&answer.body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
