//! Markets, their venues and stall counts, as the public API reads them.

use jishi_core::when::china_time;
use jishi_core::{
    api::HostUnitRef,
    market::{
        Approval, BookingWindow, Contact, Market, MarketKind, MarketStatus, Stall, StallKind,
        StallStatus, StallSummary, Venue,
    },
};
use sqlx::{sqlite::SqliteRow, Row};

use super::{Db, StoreError};

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
         WHERE m.starts_at >= ?1 AND (?2 IS NULL OR m.starts_at < ?2)
           AND (?3 IS NULL OR v.town = ?3) AND (?4 IS NULL OR m.kind = ?4)
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

/// One market, read from the pool or inside a transaction.
pub async fn get<'c>(
    db: impl sqlx::SqliteExecutor<'c>,
    id: &str,
) -> Result<Option<Market>, StoreError> {
    let row = sqlx::query(&format!("{SELECT} WHERE m.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(to_market).transpose()
}

/// The stalls of a market, by zone and code; `None` when there is no such market.
pub async fn stalls(db: &Db, market_id: &str) -> Result<Option<Vec<Stall>>, StoreError> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM markets WHERE id = ?")
        .bind(market_id)
        .fetch_optional(db)
        .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT s.id, s.code, s.zone, s.kind, s.fee_fen, s.power, s.closed, b.status AS held
         FROM stalls s
         LEFT JOIN bookings b ON b.stall_id = s.id AND b.status IN ('pending', 'confirmed')
         WHERE s.market_id = ? ORDER BY s.zone, s.code",
    )
    .bind(market_id)
    .fetch_all(db)
    .await?;
    let stalls = rows
        .iter()
        .map(|row| Stall {
            id: row.get("id"),
            code: row.get("code"),
            zone: row.get("zone"),
            kind: if row.get::<String, _>("kind") == "car_bay" {
                StallKind::CarBay
            } else {
                StallKind::Booth
            },
            fee_fen: row.get("fee_fen"),
            power: row.get::<i64, _>("power") == 1,
            status: match (
                row.get::<i64, _>("closed"),
                row.get::<Option<&str>, _>("held"),
            ) {
                (1, _) => StallStatus::Closed,
                (_, Some("pending")) => StallStatus::Pending,
                (_, Some(_)) => StallStatus::Booked,
                (_, None) => StallStatus::Free,
            },
        })
        .collect();
    Ok(Some(stalls))
}

/// The kind of a stall of this market; `None` when the market has no such stall.
pub async fn stall_kind(
    conn: &mut sqlx::SqliteConnection,
    market_id: &str,
    stall_id: &str,
) -> Result<Option<StallKind>, StoreError> {
    let kind: Option<String> =
        sqlx::query_scalar("SELECT kind FROM stalls WHERE id = ? AND market_id = ?")
            .bind(stall_id)
            .bind(market_id)
            .fetch_optional(conn)
            .await?;
    Ok(kind.map(|k| match k.as_str() {
        "car_bay" => StallKind::CarBay,
        _ => StallKind::Booth,
    }))
}

fn to_market(row: &SqliteRow) -> Result<Market, StoreError> {
    let corrupt = |what: &str| {
        StoreError::Database(sqlx::Error::Decode(format!("bad {what} in markets").into()))
    };
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
        },
        goods: row.get("goods"),
        contact: Contact {
            name: row.get("contact_name"),
            phone: row.get("contact_phone"),
        },
    })
}
