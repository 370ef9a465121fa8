//! The audit log: who did what to which market or booking. Rows are only ever added.

use sqlx::SqliteConnection;

use super::StoreError;

/// One entry, written in the same transaction as the change it records.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// When (unix seconds).
    pub at: i64,
    /// Who.
    pub user_id: &'a str,
    /// e.g. `market.create`, `market.cancel`, `series.create`.
    pub action: &'a str,
    /// The id of what changed.
    pub subject: &'a str,
    /// JSON with what the request said.
    pub detail: &'a str,
}

/// Adds `entry`.
pub async fn record(conn: &mut SqliteConnection, entry: Entry<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(entry.at)
    .bind(entry.user_id)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.detail)
    .execute(conn)
    .await?;
    Ok(())
}
