//! Lotteries: each lottery market's draw (its seed, kept secret until drawn, and what was drawn)
//! and its applications. One live application per person and market is the database's rule (a
//! partial unique index); a draw is made once, by the transaction whose update finds it undrawn.

use jishi_core::lottery::{ApplicationStatus, Entry, Outcome};
use sqlx::{any::AnyRow, Connection, Row};

use super::{violates, Conn, Db, StoreError};

/// A market's draw as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawRow {
    pub market_id: String,
    /// Secret until `drawn` is set.
    pub seed: String,
    pub commitment: String,
    pub drawn: Option<DrawnRow>,
}

/// What a draw drew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnRow {
    pub at: i64,
    pub places: i64,
    pub reserved: i64,
    pub entries: Vec<Entry>,
    pub outcome: Outcome,
}

/// An application as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    pub id: String,
    pub market_id: String,
    pub user_id: String,
    pub status: ApplicationStatus,
    pub goods: String,
    pub plate: Option<String>,
    pub zones: Vec<String>,
    pub priority: bool,
    pub booking_id: Option<String>,
    pub created_at: i64,
}

/// Makes market `market_id`'s draw with `seed` and its `commitment`, unless it has one.
pub async fn create_draw(
    conn: &mut Conn,
    market_id: &str,
    seed: &str,
    commitment: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO draws (market_id, seed, commitment) VALUES ($1, $2, $3)
         ON CONFLICT (market_id) DO NOTHING",
    )
    .bind(market_id)
    .bind(seed)
    .bind(commitment)
    .execute(conn)
    .await?;
    Ok(())
}

/// Market `market_id`'s draw, if it is a lottery market.
pub async fn draw(conn: &mut Conn, market_id: &str) -> Result<Option<DrawRow>, StoreError> {
    let row = sqlx::query(
        "SELECT market_id, seed, commitment, drawn_at, places, reserved, entries, outcome
         FROM draws WHERE market_id = $1",
    )
    .bind(market_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| to_draw(&row)).transpose()
}

/// Records what was drawn, if nothing was yet; `false` when another transaction drew first.
pub async fn record_draw(
    conn: &mut Conn,
    market_id: &str,
    drawn: &DrawnRow,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE draws SET drawn_at = $2, places = $3, reserved = $4, entries = $5, outcome = $6
         WHERE market_id = $1 AND drawn_at IS NULL",
    )
    .bind(market_id)
    .bind(drawn.at)
    .bind(drawn.places)
    .bind(drawn.reserved)
    .bind(json(&drawn.entries))
    .bind(json(&drawn.outcome))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Why the database refused an application.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The person has a live application at this market.
    #[error("already applied")]
    AlreadyApplied,
    /// Any other failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes an application, in a savepoint of the caller's transaction (a refusal leaves it usable).
pub async fn apply(conn: &mut Conn, new: &ApplicationRow) -> Result<(), ApplyError> {
    let mut savepoint = conn.begin().await.map_err(StoreError::from)?;
    let result = sqlx::query(
        "INSERT INTO applications (id, market_id, user_id, status, goods, plate, zones, priority,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&new.id)
    .bind(&new.market_id)
    .bind(&new.user_id)
    .bind(new.status.as_str())
    .bind(&new.goods)
    .bind(new.plate.as_deref())
    .bind(json(&new.zones))
    .bind(i64::from(new.priority))
    .bind(new.created_at)
    .execute(&mut *savepoint)
    .await;
    match result {
        Ok(_) => {
            savepoint.commit().await.map_err(StoreError::from)?;
            Ok(())
        }
        Err(e) if violates(&e, "applications_one_per_person", "applications.market_id") => {
            savepoint.rollback().await.map_err(StoreError::from)?;
            Err(ApplyError::AlreadyApplied)
        }
        Err(other) => Err(ApplyError::Store(other.into())),
    }
}

const SELECT: &str =
    "SELECT id, market_id, user_id, status, goods, plate, zones, priority, booking_id,
    created_at FROM applications";

/// The live application (not cancelled) of `user_id` at `market_id`.
pub async fn live_of(
    conn: &mut Conn,
    market_id: &str,
    user_id: &str,
) -> Result<Option<ApplicationRow>, StoreError> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE market_id = $1 AND user_id = $2 AND status <> 'cancelled'"
    ))
    .bind(market_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| to_application(&row)).transpose()
}

/// The applications of `market_id` in `status`, by id (the order the draw lists them in).
pub async fn with_status(
    conn: &mut Conn,
    market_id: &str,
    status: ApplicationStatus,
) -> Result<Vec<ApplicationRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE market_id = $1 AND status = $2 ORDER BY id"
    ))
    .bind(market_id)
    .bind(status.as_str())
    .fetch_all(conn)
    .await?;
    rows.iter().map(to_application).collect()
}

/// How many applications `market_id` has that are not cancelled.
pub async fn count_live(conn: &mut Conn, market_id: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM applications WHERE market_id = $1 AND status <> 'cancelled'",
    )
    .bind(market_id)
    .fetch_one(conn)
    .await?)
}

/// Moves application `id` from `from` to `to` (with the booking it won); `false` when it was not in
/// `from`.
pub async fn set_status(
    conn: &mut Conn,
    id: &str,
    from: ApplicationStatus,
    to: ApplicationStatus,
    booking_id: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE applications SET status = $3, booking_id = $4, updated_at = $5
         WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(booking_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A waiting applicant of `market_id` given a stall from the line: their application is placed
/// into `booking_id` (none at a first-come market, which has no applications).
pub async fn placed_from_line(
    conn: &mut Conn,
    market_id: &str,
    user_id: &str,
    booking_id: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE applications SET status = 'placed', booking_id = $3, updated_at = $4
         WHERE market_id = $1 AND user_id = $2 AND status = 'waiting'",
    )
    .bind(market_id)
    .bind(user_id)
    .bind(booking_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether `priority` of application `id` is set (when the draw is made, from the household marks).
pub async fn set_priority(conn: &mut Conn, id: &str, priority: bool) -> Result<(), StoreError> {
    sqlx::query("UPDATE applications SET priority = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(priority))
        .execute(conn)
        .await?;
    Ok(())
}

/// Lottery markets whose applications closed by `now` and whose draw is not made (scheduled ones).
pub async fn due_draws(db: &Db, now: i64) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT d.market_id FROM draws d JOIN markets m ON m.id = d.market_id
         WHERE d.drawn_at IS NULL AND m.allocation = 'lottery' AND m.status = 'scheduled'
           AND m.booking_closes_at <= $1
         ORDER BY m.booking_closes_at",
    )
    .bind(now)
    .fetch_all(db)
    .await?)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn parsed<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Unreadable(format!("{what}: {e}")))
}

fn to_draw(row: &AnyRow) -> Result<DrawRow, StoreError> {
    let drawn = match row.get::<Option<i64>, _>("drawn_at") {
        None => None,
        Some(at) => Some(DrawnRow {
            at,
            places: row.get::<Option<i64>, _>("places").unwrap_or_default(),
            reserved: row.get::<Option<i64>, _>("reserved").unwrap_or_default(),
            entries: parsed(
                &row.get::<Option<String>, _>("entries").unwrap_or_default(),
                "draw entries",
            )?,
            outcome: parsed(
                &row.get::<Option<String>, _>("outcome").unwrap_or_default(),
                "draw outcome",
            )?,
        }),
    };
    Ok(DrawRow {
        market_id: row.get("market_id"),
        seed: row.get("seed"),
        commitment: row.get("commitment"),
        drawn,
    })
}

fn to_application(row: &AnyRow) -> Result<ApplicationRow, StoreError> {
    let status = ApplicationStatus::parse(row.get("status"))
        .ok_or_else(|| StoreError::Unreadable("application status".into()))?;
    Ok(ApplicationRow {
        id: row.get("id"),
        market_id: row.get("market_id"),
        user_id: row.get("user_id"),
        status,
        goods: row.get("goods"),
        plate: row.get("plate"),
        zones: parsed(row.get("zones"), "application zones")?,
        priority: row.get::<i64, _>("priority") != 0,
        booking_id: row.get("booking_id"),
        created_at: row.get("created_at"),
    })
}
