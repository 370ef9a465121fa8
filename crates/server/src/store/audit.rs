//! The audit log: who did what to which market or booking. Rows are only ever added, each in the
//! same transaction as the change it records.

use serde::Serialize;

use super::{Conn, StoreError};

/// Adds that `user_id` did `action` (`market.create`, `booking.on_behalf`…) to `subject` (an id) at
/// `at` (unix seconds); `detail` is what the request said, kept as JSON.
pub async fn record(
    conn: &mut Conn,
    at: i64,
    user_id: &str,
    action: &str,
    subject: &str,
    detail: &impl Serialize,
) -> Result<(), StoreError> {
    let detail = serde_json::to_string(detail).unwrap_or_else(|_| "{}".into());
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(user_id)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}
