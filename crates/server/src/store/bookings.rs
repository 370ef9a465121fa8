//! Bookings, the answers kept for idempotent retries, and the keys that sign tickets.
//!
//! Who gets a stall is decided here by the database: the insert fails on the partial unique index
//! (one holder per stall) or the `bookings_per_person` trigger, inside the caller's `BEGIN IMMEDIATE`
//! transaction; nothing is checked in Rust first.

use jishi_core::{booking::BookingStatus, market::MarketStatus, when::china_time};
use sqlx::{any::AnyRow, Connection, Row};
use time::OffsetDateTime;

use super::{violates, Conn, Db, StoreError};

/// A booking with what its answer needs from its market and stall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRow {
    /// Its id.
    pub id: String,
    /// The market.
    pub market_id: String,
    /// The market's title.
    pub market_title: String,
    /// The market's host unit (its organisers see the booking).
    pub host_unit_id: String,
    /// Opening.
    pub starts_at: OffsetDateTime,
    /// Closing.
    pub ends_at: OffsetDateTime,
    /// Hours before the opening until which the stallholder may cancel.
    pub cancel_hours: i64,
    /// The stall.
    pub stall_id: String,
    /// Its code.
    pub stall_code: String,
    /// Its zone.
    pub zone: String,
    /// The stallholder.
    pub user_id: String,
    /// Where it stands.
    pub status: BookingStatus,
    /// The short code.
    pub code: String,
    /// What they sell.
    pub goods: String,
    /// Their plate.
    pub plate: Option<String>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// Whether the market goes ahead.
    pub market_status: MarketStatus,
    /// Why the market was cancelled or postponed.
    pub market_status_reason: Option<String>,
    /// When it was made.
    pub created_at: i64,
    /// The holder's display name.
    pub holder_name: String,
    /// The holder's phone.
    pub holder_phone: String,
    /// Whether an organiser booked it for them.
    pub on_behalf: bool,
    /// When they were first scanned in at the gate.
    pub arrived_at: Option<i64>,
}

const SELECT: &str = "
    SELECT b.id, b.market_id, m.title, m.host_unit_id, m.starts_at, m.ends_at, m.cancel_hours,
           b.stall_id, s.code AS stall_code, s.zone, b.user_id, b.status, b.code, b.goods, b.plate,
           b.reason, m.status AS market_status, m.status_reason, b.created_at, u.name AS holder_name, u.phone AS holder_phone,
           CASE WHEN b.booked_by IS NULL THEN 0 ELSE 1 END AS on_behalf,
           (SELECT a.at FROM stall_arrivals a WHERE a.booking_id = b.id) AS arrived_at
    FROM bookings b
    JOIN markets m ON m.id = b.market_id
    JOIN stalls s ON s.id = b.stall_id
    JOIN users u ON u.id = b.user_id";

/// A booking to write.
#[derive(Debug, Clone, Copy)]
pub struct NewBooking<'a> {
    /// Its id.
    pub id: &'a str,
    /// The market.
    pub market_id: &'a str,
    /// The stall.
    pub stall_id: &'a str,
    /// The stallholder.
    pub user_id: &'a str,
    /// Pending or confirmed.
    pub status: BookingStatus,
    /// The short code.
    pub code: &'a str,
    /// What they sell.
    pub goods: &'a str,
    /// Their plate.
    pub plate: Option<&'a str>,
    /// The organiser booking on their behalf.
    pub booked_by: Option<&'a str>,
    /// Now.
    pub now: i64,
}

/// Why the database refused a booking.
#[derive(Debug, thiserror::Error)]
pub enum InsertError {
    /// Someone holds the stall (the partial unique index), or it is closed.
    #[error("stall taken")]
    StallTaken,
    /// The person holds as many stalls as the market allows (the trigger).
    #[error("already booked")]
    AlreadyBooked,
    /// The short code was drawn twice; draw another.
    #[error("code clash")]
    CodeClash,
    /// Any other failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes a booking if the stall is open and the database's rules allow it. The insert runs in a
/// savepoint of the caller's transaction: a refused insert leaves the transaction usable for what
/// the caller does next (PostgreSQL aborts a whole transaction at an error otherwise).
pub async fn insert(conn: &mut Conn, new: &NewBooking<'_>) -> Result<(), InsertError> {
    let mut savepoint = conn.begin().await.map_err(StoreError::from)?;
    let result = sqlx::query(
        "INSERT INTO bookings (id, market_id, stall_id, user_id, status, code, goods, plate, booked_by,
             created_at, updated_at)
         SELECT $1, $2, s.id, $4, $5, $6, $7, $8, $9, $10, $10
         FROM stalls s WHERE s.id = $3 AND s.market_id = $2 AND s.closed = 0",
    )
    .bind(new.id)
    .bind(new.market_id)
    .bind(new.stall_id)
    .bind(new.user_id)
    .bind(new.status.as_str())
    .bind(new.code)
    .bind(new.goods)
    .bind(new.plate)
    .bind(new.booked_by)
    .bind(new.now)
    .execute(&mut *savepoint)
    .await;
    let refused = match result {
        Ok(done) if done.rows_affected() == 1 => {
            savepoint.commit().await.map_err(StoreError::from)?;
            return Ok(());
        }
        Ok(_) => InsertError::StallTaken,
        Err(sqlx::Error::Database(e)) if e.message().contains("already_booked") => {
            InsertError::AlreadyBooked
        }
        Err(e) if violates(&e, "bookings_one_holder_per_stall", "bookings.stall_id") => {
            InsertError::StallTaken
        }
        Err(e) if violates(&e, "bookings_code_key", "bookings.code") => InsertError::CodeClash,
        Err(other) => InsertError::Store(other.into()),
    };
    savepoint.rollback().await.map_err(StoreError::from)?;
    Err(refused)
}

/// The market of booking `id`.
pub async fn market_of(db: &Db, id: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT market_id FROM bookings WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// One booking.
pub async fn get<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    id: &str,
) -> Result<Option<BookingRow>, StoreError> {
    let row = sqlx::query(&format!("{SELECT} WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(to_row).transpose()
}

/// The booking whose short code is `code` (codes are unique; case as printed).
pub async fn by_code<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    code: &str,
) -> Result<Option<BookingRow>, StoreError> {
    let row = sqlx::query(&format!("{SELECT} WHERE b.code = $1"))
        .bind(code)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(to_row).transpose()
}

/// A user's bookings, the coming markets' first, then the rest, newest first.
pub async fn for_user(db: &Db, user_id: &str) -> Result<Vec<BookingRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE b.user_id = $1 ORDER BY m.starts_at DESC, b.created_at DESC"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_row).collect()
}

/// A market's bookings, by stall, read from the pool or inside a transaction.
pub async fn for_market<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    market_id: &str,
) -> Result<Vec<BookingRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE b.market_id = $1 ORDER BY s.zone, s.code, b.created_at"
    ))
    .bind(market_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_row).collect()
}

/// Moves a booking from one of `from` to `to` (with a reason); false when it was in another status.
pub async fn set_status(
    conn: &mut Conn,
    id: &str,
    from: &[BookingStatus],
    to: BookingStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let listed = super::Dialect::of(conn).strings_of("$5");
    let done = sqlx::query(&format!(
        "UPDATE bookings SET status = $1, reason = $2, updated_at = $3
         WHERE id = $4 AND status IN ({listed})"
    ))
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .bind(id)
    .bind(serde_json::to_string(&from).unwrap_or_default())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts `user_id` in the market's line (once) and gives their position.
pub async fn join_waitlist(
    conn: &mut Conn,
    market_id: &str,
    user_id: &str,
    goods: &str,
    plate: Option<&str>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query(
        "INSERT INTO waitlist (market_id, user_id, created_at, goods, plate) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (market_id, user_id) DO UPDATE SET goods = excluded.goods, plate = excluded.plate",
    )
    .bind(market_id)
    .bind(user_id)
    .bind(now)
    .bind(goods)
    .bind(plate)
    .execute(&mut *conn)
    .await?;
    Ok(place_in_line(conn, market_id, user_id)
        .await?
        .unwrap_or_default())
}

/// Where `user_id` stands in the market's line, from 1; `None` when not in it.
pub async fn place_in_line(
    conn: &mut Conn,
    market_id: &str,
    user_id: &str,
) -> Result<Option<i64>, StoreError> {
    let place: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM waitlist w, waitlist me
         WHERE me.market_id = $1 AND me.user_id = $2 AND w.market_id = $1
           AND (w.created_at, w.rowid) <= (me.created_at, me.rowid)",
    )
    .bind(market_id)
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok((place > 0).then_some(place))
}

/// Takes `user_id` out of the market's line.
pub async fn leave_waitlist(
    conn: &mut Conn,
    market_id: &str,
    user_id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM waitlist WHERE market_id = $1 AND user_id = $2")
        .bind(market_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether `user_id` holds a stall at the market.
pub async fn holds_at(conn: &mut Conn, market_id: &str, user_id: &str) -> Result<bool, StoreError> {
    let held: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM bookings WHERE market_id = $1 AND user_id = $2
             AND status IN ('pending', 'confirmed') LIMIT 1",
    )
    .bind(market_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(held.is_some())
}

/// Whether the market has a stall nobody holds.
pub async fn has_free_stall(conn: &mut Conn, market_id: &str) -> Result<bool, StoreError> {
    let free: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM stalls s WHERE s.market_id = $1 AND s.closed = 0
             AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.stall_id = s.id
                             AND b.status IN ('pending', 'confirmed')) LIMIT 1",
    )
    .bind(market_id)
    .fetch_optional(conn)
    .await?;
    Ok(free.is_some())
}

/// Everyone waiting at `stall_id`'s market whom it fits (a car bay needs a plate), first come
/// first: their account, goods and plate.
pub async fn line_for(
    conn: &mut Conn,
    stall_id: &str,
) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT w.user_id, w.goods, w.plate FROM waitlist w JOIN stalls s ON s.market_id = w.market_id
         WHERE s.id = $1 AND (s.kind = 'booth' OR w.plate IS NOT NULL)
         ORDER BY w.created_at, w.rowid",
    )
    .bind(stall_id)
    .fetch_all(conn)
    .await?)
}

/// The free stalls of markets open for booking that someone waiting fits, whose market keeps
/// none for priority households at `now` (none kept, or the kept time over): each `(market, stall)`.
pub async fn free_with_line(db: &Db, now: i64) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.market_id, s.id FROM stalls s JOIN markets m ON m.id = s.market_id
         WHERE m.status = 'scheduled' AND m.booking_opens_at <= $1 AND m.booking_closes_at > $1
           AND (m.reserved_percent = 0 OR m.starts_at - m.reserved_hours * 3600 <= $1)
           AND s.closed = 0
           AND NOT EXISTS (SELECT 1 FROM bookings b
                           WHERE b.stall_id = s.id AND b.status IN ('pending', 'confirmed'))
           AND EXISTS (SELECT 1 FROM waitlist w
                       WHERE w.market_id = s.market_id AND (s.kind = 'booth' OR w.plate IS NOT NULL))
         ORDER BY s.market_id, s.code",
    )
    .bind(now)
    .fetch_all(db)
    .await?)
}

fn to_row(row: &AnyRow) -> Result<BookingRow, StoreError> {
    let status = BookingStatus::parse(row.get("status"))
        .ok_or_else(|| StoreError::Unreadable("status in bookings".into()))?;
    Ok(BookingRow {
        id: row.get("id"),
        market_id: row.get("market_id"),
        market_title: row.get("title"),
        host_unit_id: row.get("host_unit_id"),
        starts_at: china_time(row.get("starts_at")),
        ends_at: china_time(row.get("ends_at")),
        cancel_hours: row.get("cancel_hours"),
        stall_id: row.get("stall_id"),
        stall_code: row.get("stall_code"),
        zone: row.get("zone"),
        user_id: row.get("user_id"),
        status,
        code: row.get("code"),
        goods: row.get("goods"),
        plate: row.get("plate"),
        reason: row.get("reason"),
        market_status: MarketStatus::parse(row.get("market_status"))
            .ok_or_else(|| StoreError::Unreadable("status in markets".into()))?,
        market_status_reason: row.get("status_reason"),
        created_at: row.get("created_at"),
        holder_name: row.get("holder_name"),
        holder_phone: row.get("holder_phone"),
        on_behalf: row.get::<i64, _>("on_behalf") == 1,
        arrived_at: row.get("arrived_at"),
    })
}
