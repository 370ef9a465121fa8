//! The rows a 共富 report is counted from: the markets whose day falls in a span, and what happened
//! at them. Each reads every market of the span, all units; the service keeps those of the units
//! asked for (a year of markets is hundreds of rows, not worth a statement per unit list).

use sqlx::Row;

use super::{Db, StoreError};

/// A market whose day falls in the span.
pub struct SpanMarket {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
    pub host_unit_id: String,
    pub host_unit_name: String,
}

/// A stall held (confirmed, or marked absent) at a market of the span.
pub struct HeldStall {
    pub market_id: String,
    pub user_id: String,
    pub village: String,
    pub no_show: bool,
    pub arrived: bool,
    /// The holder was a priority household of the market's host unit on the market's day.
    pub priority: bool,
}

/// A product shown at a market of the span.
pub struct ShownRow {
    pub market_id: String,
    pub product_id: String,
    pub product_name: String,
    pub workshop_id: Option<String>,
    pub workshop_name: Option<String>,
    pub workshop_village: Option<String>,
}

/// The span of unix seconds `[from, until)` the report counts market days in.
#[derive(Clone, Copy)]
pub struct Span {
    pub from: i64,
    pub until: i64,
}

/// Every market starting in the span, by start.
pub async fn markets(db: &Db, span: Span) -> Result<Vec<SpanMarket>, StoreError> {
    let rows = sqlx::query(
        "SELECT m.id, m.title, m.kind, m.starts_at, m.ends_at, m.status, h.id AS unit_id, h.name AS unit_name
         FROM markets m JOIN host_units h ON h.id = m.host_unit_id
         WHERE m.starts_at >= $1 AND m.starts_at < $2 ORDER BY m.starts_at, m.id",
    )
    .bind(span.from)
    .bind(span.until)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|row| SpanMarket {
            id: row.get("id"),
            title: row.get("title"),
            kind: row.get("kind"),
            starts_at: row.get("starts_at"),
            ends_at: row.get("ends_at"),
            cancelled: row.get::<String, _>("status") == "cancelled",
            host_unit_id: row.get("unit_id"),
            host_unit_name: row.get("unit_name"),
        })
        .collect())
}

/// How many stalls each market of the span offers (open ones).
pub async fn stalls_offered(db: &Db, span: Span) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.market_id, count(*) FROM stalls s JOIN markets m ON m.id = s.market_id
         WHERE s.closed = 0 AND m.starts_at >= $1 AND m.starts_at < $2 GROUP BY s.market_id",
    )
    .bind(span.from)
    .bind(span.until)
    .fetch_all(db)
    .await?)
}

/// Every stall held at a market of the span, with its holder's village, arrival and mark.
pub async fn stalls_held(db: &Db, span: Span) -> Result<Vec<HeldStall>, StoreError> {
    let rows = sqlx::query(
        "SELECT b.market_id, b.user_id, b.status, u.village, a.at AS arrived_at,
                (SELECT count(*) FROM household_marks k
                 WHERE k.host_unit_id = m.host_unit_id AND k.user_id = b.user_id
                   AND k.marked_at <= m.starts_at
                   AND (k.unmarked_at IS NULL OR k.unmarked_at > m.starts_at)) AS marks
         FROM bookings b
         JOIN markets m ON m.id = b.market_id
         JOIN users u ON u.id = b.user_id
         LEFT JOIN stall_arrivals a ON a.booking_id = b.id
         WHERE b.status IN ('confirmed', 'no_show') AND m.starts_at >= $1 AND m.starts_at < $2",
    )
    .bind(span.from)
    .bind(span.until)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|row| HeldStall {
            market_id: row.get("market_id"),
            user_id: row.get("user_id"),
            village: row.get("village"),
            no_show: row.get::<String, _>("status") == "no_show",
            arrived: row.get::<Option<i64>, _>("arrived_at").is_some(),
            priority: row.get::<i64, _>("marks") > 0,
        })
        .collect())
}

/// How many visitors checked in at each market of the span.
pub async fn visitors(db: &Db, span: Span) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT v.market_id, count(*) FROM visitor_checkins v JOIN markets m ON m.id = v.market_id
         WHERE m.starts_at >= $1 AND m.starts_at < $2 GROUP BY v.market_id",
    )
    .bind(span.from)
    .bind(span.until)
    .fetch_all(db)
    .await?)
}

/// Every product shown at a market of the span, with its workshop.
pub async fn products_shown(db: &Db, span: Span) -> Result<Vec<ShownRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT mp.market_id, p.id AS product_id, p.name AS product_name,
                w.id AS workshop_id, w.name AS workshop_name, w.village AS workshop_village
         FROM market_products mp
         JOIN markets m ON m.id = mp.market_id
         JOIN products p ON p.id = mp.product_id
         LEFT JOIN workshops w ON w.id = p.workshop_id
         WHERE m.starts_at >= $1 AND m.starts_at < $2",
    )
    .bind(span.from)
    .bind(span.until)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|row| ShownRow {
            market_id: row.get("market_id"),
            product_id: row.get("product_id"),
            product_name: row.get("product_name"),
            workshop_id: row.get("workshop_id"),
            workshop_name: row.get("workshop_name"),
            workshop_village: row.get("workshop_village"),
        })
        .collect())
}
