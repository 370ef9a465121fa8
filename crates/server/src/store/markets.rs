//! Markets, their venues and stall counts: read as the public API shows them, and written (one
//! market, or a series) inside the caller's transaction, so a series is written whole or not at all,
//! with its audit entries.

use jishi_core::when::china_time;
use jishi_core::{
    api::HostUnitRef,
    lottery::Allocation,
    market::{
        Approval, BookingWindow, Contact, Market, MarketDraft, MarketKind, MarketStatus,
        StallSummary, Venue,
    },
};
use sqlx::{any::AnyRow, Row};
use time::OffsetDateTime;

use super::{places, Conn, Db, StoreError};

/// Which markets a list shows.
#[derive(Debug, Clone, Default)]
pub struct MarketFilter {
    /// Markets starting at or after this instant (unix seconds).
    pub from: i64,
    /// Markets starting before this instant, if set.
    pub until: Option<i64>,
    /// Only this town (镇/街道).
    pub town: Option<String>,
    /// Only this kind.
    pub kind: Option<MarketKind>,
}

const SELECT: &str = "
    SELECT m.id, m.title, m.kind, m.starts_at, m.ends_at, m.status, m.status_reason, m.goods,
           m.contact_name, m.contact_phone, m.booking_opens_at, m.booking_closes_at, m.approval,
           m.stalls_per_person, m.cancel_hours, m.allocation, m.reserved_percent, m.reserved_hours,
           h.id AS host_id, h.name AS host_name,
           v.name AS venue_name, v.town, v.village, v.address, v.lat, v.lng,
           (SELECT count(*) FROM stalls s WHERE s.market_id = m.id) AS stalls_total,
           (SELECT count(*) FROM stalls s WHERE s.market_id = m.id AND s.closed = 0
                AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.stall_id = s.id
                                AND b.status IN ('pending', 'confirmed'))) AS stalls_free
    FROM markets m
    JOIN host_units h ON h.id = m.host_unit_id
    JOIN venues v ON v.id = m.venue_id";

/// Markets matching `filter`, soonest first.
pub async fn list(db: &Db, filter: &MarketFilter) -> Result<Vec<Market>, StoreError> {
    let sql = format!(
        "{SELECT}
         WHERE m.starts_at >= $1 AND ($2 IS NULL OR m.starts_at < $2)
           AND ($3 IS NULL OR v.town = $3) AND ($4 IS NULL OR m.kind = $4)
         ORDER BY m.starts_at, m.id"
    );
    let rows = sqlx::query(&sql)
        .bind(filter.from)
        .bind(filter.until)
        .bind(filter.town.as_deref())
        .bind(filter.kind.map(MarketKind::as_str))
        .fetch_all(db)
        .await?;
    rows.iter().map(to_market).collect()
}

/// Whether anyone holds a stall, applies or waits at market `id`, in the caller's transaction.
pub async fn has_takers(conn: &mut Conn, id: &str) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM bookings WHERE market_id = $1 AND status IN ('pending', 'confirmed')
         UNION ALL SELECT 1 FROM applications WHERE market_id = $1 AND status <> 'cancelled'
         UNION ALL SELECT 1 FROM waitlist WHERE market_id = $1
         LIMIT 1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

/// One market, read from the pool or inside a transaction.
pub async fn get<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    id: &str,
) -> Result<Option<Market>, StoreError> {
    let row = sqlx::query(&format!("{SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(to_market).transpose()
}

/// How often a market has been changed since it was published, and when last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    /// 0 as published, one more for each change.
    pub number: i64,
    /// Unix seconds of the last change (or of the publishing).
    pub changed_at: i64,
}

/// The [`Revision`] of a market.
pub async fn revision(db: &Db, id: &str) -> Result<Option<Revision>, StoreError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT revision, CASE WHEN updated_at > created_at THEN updated_at ELSE created_at END
             FROM markets WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(number, changed_at)| Revision { number, changed_at }))
}

/// A market's title, hours and status: what a visitor's check-in needs, read without the joins
/// and stall counts of [`get`] (a fair's gate asks this thousands of times a minute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketDay {
    /// Title.
    pub title: String,
    /// Opening.
    pub starts_at: OffsetDateTime,
    /// Closing.
    pub ends_at: OffsetDateTime,
    /// Going ahead or not.
    pub status: MarketStatus,
}

/// The [`MarketDay`] of a market.
pub async fn day_of(db: &Db, id: &str) -> Result<Option<MarketDay>, StoreError> {
    let row: Option<(String, i64, i64, String)> =
        sqlx::query_as("SELECT title, starts_at, ends_at, status FROM markets WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(title, starts_at, ends_at, status)| MarketDay {
        title,
        starts_at: china_time(starts_at),
        ends_at: china_time(ends_at),
        // An unknown status is never open.
        status: MarketStatus::parse(&status).unwrap_or(MarketStatus::Cancelled),
    }))
}

/// The series of a market: `None` for no such market, `Some(None)` for a one-off.
pub async fn series_of(
    conn: &mut crate::store::Conn,
    id: &str,
) -> Result<Option<Option<String>>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT series_id FROM markets WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The latest market of the same series that starts before this one.
pub async fn previous_in_series(
    conn: &mut crate::store::Conn,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT o.id FROM markets m JOIN markets o ON o.series_id = m.series_id AND o.starts_at < m.starts_at
         WHERE m.id = $1 ORDER BY o.starts_at DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

fn to_market(row: &AnyRow) -> Result<Market, StoreError> {
    let corrupt = |what: &str| StoreError::Unreadable(format!("{what} in markets"));
    let kind = MarketKind::parse(row.get("kind")).ok_or_else(|| corrupt("kind"))?;
    let status = MarketStatus::parse(row.get("status")).ok_or_else(|| corrupt("status"))?;
    let approval = Approval::parse(row.get("approval")).ok_or_else(|| corrupt("approval"))?;
    Ok(Market {
        id: row.get("id"),
        title: row.get("title"),
        kind,
        starts_at: china_time(row.get("starts_at")),
        ends_at: china_time(row.get("ends_at")),
        status,
        status_reason: row.get("status_reason"),
        host_unit: HostUnitRef {
            id: row.get("host_id"),
            name: row.get("host_name"),
        },
        venue: Venue {
            name: row.get("venue_name"),
            town: row.get("town"),
            village: row.get("village"),
            address: row.get("address"),
            lat: row.get("lat"),
            lng: row.get("lng"),
        },
        stalls: StallSummary {
            total: row.get("stalls_total"),
            free: row.get("stalls_free"),
        },
        booking: BookingWindow {
            opens_at: china_time(row.get("booking_opens_at")),
            closes_at: china_time(row.get("booking_closes_at")),
            approval,
            stalls_per_person: super::narrow(row, "stalls_per_person")?,
            cancel_hours: super::narrow(row, "cancel_hours")?,
            allocation: Allocation::parse(row.get("allocation"))
                .ok_or_else(|| corrupt("allocation"))?,
            reserved_percent: super::narrow(row, "reserved_percent")?,
            reserved_hours: super::narrow(row, "reserved_hours")?,
        },
        goods: row.get("goods"),
        contact: Contact {
            name: row.get("contact_name"),
            phone: row.get("contact_phone"),
        },
    })
}

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
pub async fn save_market(conn: &mut Conn, row: MarketRow<'_>, now: i64) -> Result<(), StoreError> {
    let d = row.draft;
    let venue_id = places::venue_id(conn, &d.venue).await?;
    sqlx::query(
        "INSERT INTO markets (id, title, kind, starts_at, ends_at, status, status_reason, host_unit_id,
             venue_id, goods, contact_name, contact_phone, booking_opens_at, booking_closes_at, approval,
             stalls_per_person, cancel_hours, series_id, created_at, updated_at, allocation,
             reserved_percent, reserved_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20,
             $21, $22)
         ON CONFLICT (id) DO UPDATE SET
             title = excluded.title, kind = excluded.kind, starts_at = excluded.starts_at,
             ends_at = excluded.ends_at, status = excluded.status,
             status_reason = excluded.status_reason, host_unit_id = excluded.host_unit_id,
             venue_id = excluded.venue_id, goods = excluded.goods,
             contact_name = excluded.contact_name, contact_phone = excluded.contact_phone,
             booking_opens_at = excluded.booking_opens_at,
             booking_closes_at = excluded.booking_closes_at, approval = excluded.approval,
             stalls_per_person = excluded.stalls_per_person, cancel_hours = excluded.cancel_hours,
             allocation = excluded.allocation, reserved_percent = excluded.reserved_percent,
             reserved_hours = excluded.reserved_hours,
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
    .bind(i64::from(d.booking.stalls_per_person))
    .bind(i64::from(d.booking.cancel_hours))
    .bind(row.series_id)
    .bind(now)
    .bind(d.booking.allocation.as_str())
    .bind(i64::from(d.booking.reserved_percent))
    .bind(i64::from(d.booking.reserved_hours))
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a series record; its markets follow with `series_id` set.
pub async fn insert_series(
    conn: &mut Conn,
    id: &str,
    title: &str,
    request_json: &str,
    created_by: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO series (id, title, request, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
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
