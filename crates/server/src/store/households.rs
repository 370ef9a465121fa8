//! `priority_households`: which accounts each host unit marks as priority households (帮扶户);
//! `household_marks`: since when, and until when (the reports count the marks of a market's day).

use jishi_core::{api::HostUnitRef, household::PriorityHousehold, when::china_time};
use sqlx::Row;

use super::{Conn, Db, StoreError};

/// Marks `user_id` for `host_unit_id` (again: no change), and keeps when in `household_marks`.
pub async fn mark(
    db: &Db,
    host_unit_id: &str,
    user_id: &str,
    marked_by: &str,
    now: i64,
) -> Result<(), StoreError> {
    let mut tx = super::write(db, &[]).await?;
    let done = sqlx::query(
        "INSERT INTO priority_households (host_unit_id, user_id, marked_by, marked_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (host_unit_id, user_id) DO NOTHING",
    )
    .bind(host_unit_id)
    .bind(user_id)
    .bind(marked_by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        marked_since(&mut tx, host_unit_id, user_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Opens `user_id`'s mark of `host_unit_id` at `at` in the marks' history (the demo's loader
/// writes its marks through this too).
pub async fn marked_since(
    conn: &mut Conn,
    host_unit_id: &str,
    user_id: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO household_marks (host_unit_id, user_id, marked_at) VALUES ($1, $2, $3)",
    )
    .bind(host_unit_id)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes the mark off (its history keeps when); `false` when there was none.
pub async fn unmark(
    db: &Db,
    host_unit_id: &str,
    user_id: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let mut tx = super::write(db, &[]).await?;
    let done =
        sqlx::query("DELETE FROM priority_households WHERE host_unit_id = $1 AND user_id = $2")
            .bind(host_unit_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    sqlx::query(
        "UPDATE household_marks SET unmarked_at = $3
         WHERE host_unit_id = $1 AND user_id = $2 AND unmarked_at IS NULL",
    )
    .bind(host_unit_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// The households `host_unit_id` marks, the latest first.
pub async fn of_unit(db: &Db, host_unit_id: &str) -> Result<Vec<PriorityHousehold>, StoreError> {
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.phone, u.village, p.marked_at
         FROM priority_households p JOIN users u ON u.id = p.user_id
         WHERE p.host_unit_id = $1 ORDER BY p.marked_at DESC, u.id",
    )
    .bind(host_unit_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|row| PriorityHousehold {
            user_id: row.get("id"),
            name: row.get("name"),
            phone: row.get("phone"),
            village: row.get("village"),
            marked_at: china_time(row.get("marked_at")),
        })
        .collect())
}

/// Whether `user_id` is a priority household of `host_unit_id`, in the caller's transaction.
pub async fn is_marked(
    conn: &mut Conn,
    host_unit_id: &str,
    user_id: &str,
) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM priority_households WHERE host_unit_id = $1 AND user_id = $2",
    )
    .bind(host_unit_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

/// Every account `host_unit_id` marks, in the caller's transaction (a draw reads them at once).
pub async fn marked_of(
    conn: &mut Conn,
    host_unit_id: &str,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT user_id FROM priority_households WHERE host_unit_id = $1")
            .bind(host_unit_id)
            .fetch_all(conn)
            .await?;
    Ok(ids.into_iter().collect())
}

/// The host units that mark `user_id` (what the person sees of their marks).
pub async fn units_of(db: &Db, user_id: &str) -> Result<Vec<HostUnitRef>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT h.id, h.name FROM priority_households p JOIN host_units h ON h.id = p.host_unit_id
         WHERE p.user_id = $1 ORDER BY h.name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| HostUnitRef { id, name })
        .collect())
}

/// How many of `market_id`'s stalls priority households of its host unit hold.
pub async fn stalls_held(conn: &mut Conn, market_id: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM bookings b
         JOIN markets m ON m.id = b.market_id
         JOIN priority_households p ON p.host_unit_id = m.host_unit_id AND p.user_id = b.user_id
         WHERE b.market_id = $1 AND b.status IN ('pending', 'confirmed')",
    )
    .bind(market_id)
    .fetch_one(conn)
    .await?)
}
