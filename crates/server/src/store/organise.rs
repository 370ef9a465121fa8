//! Writes of organisers: markets and series. Each runs inside the caller's transaction, so a series
//! is written whole or not at all, with its audit entries.

use jishi_core::{market::MarketStatus, organise::MarketDraft};
use sqlx::SqliteConnection;

use super::{places, StoreError};

/// A market row as written.
#[derive(Debug, Clone, Copy)]
pub struct MarketRow<'a> {
    /// Its id.
    pub id: &'a str,
    /// Everything the organiser said.
    pub draft: &'a MarketDraft,
    /// Whether it goes ahead.
    pub status: MarketStatus,
    /// Why not, when it does not.
    pub status_reason: Option<&'a str>,
    /// The series it belongs to.
    pub series_id: Option<&'a str>,
}

/// Writes a market: a new id adds it, a known one rewrites all but its series and creation time.
/// The venue is added too when the place is new.
pub async fn save_market(
    conn: &mut SqliteConnection,
    row: MarketRow<'_>,
    now: i64,
) -> Result<(), StoreError> {
    let d = row.draft;
    let venue_id = places::venue_id(conn, &d.venue).await?;
    sqlx::query(
        "INSERT INTO markets (id, title, kind, starts_at, ends_at, status, status_reason, host_unit_id,
             venue_id, goods, contact_name, contact_phone, booking_opens_at, booking_closes_at, approval,
             stalls_per_person, cancel_hours, series_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?19)
         ON CONFLICT (id) DO UPDATE SET
             title = excluded.title, kind = excluded.kind, starts_at = excluded.starts_at,
             ends_at = excluded.ends_at, status = excluded.status,
             status_reason = excluded.status_reason, host_unit_id = excluded.host_unit_id,
             venue_id = excluded.venue_id, goods = excluded.goods,
             contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,
             booking_opens_at = excluded.booking_opens_at,
             booking_closes_at = excluded.booking_closes_at, approval = excluded.approval,
             stalls_per_person = excluded.stalls_per_person, cancel_hours = excluded.cancel_hours,
             revision = markets.revision + 1, updated_at = excluded.updated_at",
    )
    .bind(row.id)
    .bind(&d.title)
    .bind(d.kind.as_str())
    .bind(d.starts_at.unix_timestamp())
    .bind(d.ends_at.unix_timestamp())
    .bind(row.status.as_str())
    .bind(row.status_reason)
    .bind(&d.host_unit.id)
    .bind(&venue_id)
    .bind(&d.goods)
    .bind(&d.contact.name)
    .bind(&d.contact.phone)
    .bind(d.booking.opens_at.unix_timestamp())
    .bind(d.booking.closes_at.unix_timestamp())
    .bind(d.booking.approval.as_str())
    .bind(d.booking.stalls_per_person)
    .bind(d.booking.cancel_hours)
    .bind(row.series_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a series record; its markets follow with `series_id` set.
pub async fn insert_series(
    conn: &mut SqliteConnection,
    id: &str,
    title: &str,
    request_json: &str,
    created_by: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO series (id, title, request, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(title)
    .bind(request_json)
    .bind(created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
