//! Check-ins: visitors once per phone per market, arrivals once per booking, posters' short codes,
//! and the counts built from them. Every "once" is a primary key. (The answers to scans are kept
//! with the other kept answers, see `bookings::keep_answer`.)

use super::{Conn, Db, StoreError};

/// A visitor's check-in as the database has it after the insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorRow {
    /// When the device was first checked in.
    pub at: i64,
    /// The nonce of that first check-in (the same one again is a retry of it).
    pub nonce: String,
    /// Whether this insert recorded it.
    pub inserted: bool,
}

/// Checks a device in once: the first insert wins, later ones read what it wrote.
pub async fn check_in_visitor(
    conn: &mut Conn,
    market_id: &str,
    device_id: &str,
    nonce: &str,
    now: i64,
) -> Result<VisitorRow, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO visitor_checkins (market_id, device_id, nonce, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (market_id, device_id) DO NOTHING",
    )
    .bind(market_id)
    .bind(device_id)
    .bind(nonce)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let (at, nonce): (i64, String) = sqlx::query_as(
        "SELECT at, nonce FROM visitor_checkins WHERE market_id = $1 AND device_id = $2",
    )
    .bind(market_id)
    .bind(device_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(VisitorRow {
        at,
        nonce,
        inserted,
    })
}

/// Visitors checked in at a market.
pub async fn visitors<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    market_id: &str,
) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM visitor_checkins WHERE market_id = $1")
            .bind(market_id)
            .fetch_one(db)
            .await?,
    )
}

/// Records a booking's arrival unless it is known; returns (first scan's time, whether this one).
pub async fn arrive(
    conn: &mut Conn,
    booking_id: &str,
    market_id: &str,
    at: i64,
    scanned_by: &str,
    now: i64,
) -> Result<(i64, bool), StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO stall_arrivals (booking_id, market_id, at, recorded_at, scanned_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (booking_id) DO NOTHING",
    )
    .bind(booking_id)
    .bind(market_id)
    .bind(at)
    .bind(now)
    .bind(scanned_by)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let first: i64 = sqlx::query_scalar("SELECT at FROM stall_arrivals WHERE booking_id = $1")
        .bind(booking_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok((first, inserted))
}

/// The market's poster code, made from `fresh` the first time (a clash with another market's code
/// comes back as `None`, to try again with another).
pub async fn poster_code(
    db: &Db,
    market_id: &str,
    fresh: &str,
) -> Result<Option<String>, StoreError> {
    let clash = sqlx::query(
        "INSERT INTO posters (market_id, code) VALUES ($1, $2) ON CONFLICT (market_id) DO NOTHING",
    )
    .bind(market_id)
    .bind(fresh)
    .execute(db)
    .await;
    match clash {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(None),
        other => {
            other?;
        }
    }
    Ok(
        sqlx::query_scalar("SELECT code FROM posters WHERE market_id = $1")
            .bind(market_id)
            .fetch_optional(db)
            .await?,
    )
}

/// The market whose poster has `code`.
pub async fn market_of_poster(db: &Db, code: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT market_id FROM posters WHERE code = $1")
            .bind(code)
            .fetch_optional(db)
            .await?,
    )
}

/// Visitors by hour slot (unix seconds / 3600), for slots with any, in order.
pub async fn visitors_by_hour(db: &Db, market_id: &str) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at / 3600 AS slot, count(*) FROM visitor_checkins WHERE market_id = $1
         GROUP BY slot ORDER BY slot",
    )
    .bind(market_id)
    .fetch_all(db)
    .await?)
}
