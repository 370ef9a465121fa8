//! Stall layouts: the stalls of a market with whether each is free, and organisers' changes to them.

use jishi_core::market::{Stall, StallDraft, StallKind, StallStatus};
use sqlx::Row;

use super::{Conn, Db, StoreError};

/// The stalls of a market, by zone and code; `None` when there is no such market.
pub async fn stalls(db: &Db, market_id: &str) -> Result<Option<Vec<Stall>>, StoreError> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM markets WHERE id = $1")
        .bind(market_id)
        .fetch_optional(db)
        .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT s.id, s.code, s.zone, s.kind, s.fee_fen, s.power, s.notes, s.closed, b.status AS held
         FROM stalls s
         LEFT JOIN bookings b ON b.stall_id = s.id AND b.status IN ('pending', 'confirmed')
         WHERE s.market_id = $1 ORDER BY s.zone, s.code",
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
            kind: kind_of(row.get("kind")),
            fee_fen: row.get("fee_fen"),
            power: row.get::<i64, _>("power") == 1,
            notes: row.get("notes"),
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
    conn: &mut crate::store::Conn,
    market_id: &str,
    stall_id: &str,
) -> Result<Option<StallKind>, StoreError> {
    let kind: Option<String> =
        sqlx::query_scalar("SELECT kind FROM stalls WHERE id = $1 AND market_id = $2")
            .bind(stall_id)
            .bind(market_id)
            .fetch_optional(conn)
            .await?;
    Ok(kind.as_deref().map(kind_of))
}

/// A stall a draw may give: open, and held by no one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeStall {
    pub id: String,
    pub zone: String,
    pub kind: StallKind,
}

/// The market's free stalls, by zone and code, in the caller's transaction.
pub async fn free_for_draw(conn: &mut Conn, market_id: &str) -> Result<Vec<FreeStall>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.id, s.zone, s.kind FROM stalls s
         WHERE s.market_id = $1 AND s.closed = 0
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.stall_id = s.id
                           AND b.status IN ('pending', 'confirmed'))
         ORDER BY s.zone, s.code",
    )
    .bind(market_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|row| FreeStall {
            id: row.get("id"),
            zone: row.get("zone"),
            kind: kind_of(row.get("kind")),
        })
        .collect())
}

/// How many of the market's stalls are open (not closed by the organisers).
pub async fn open_count(conn: &mut Conn, market_id: &str) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM stalls WHERE market_id = $1 AND closed = 0")
            .bind(market_id)
            .fetch_one(conn)
            .await?,
    )
}

/// The zones of the market's open stalls.
pub async fn zones(conn: &mut Conn, market_id: &str) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT zone FROM stalls WHERE market_id = $1 AND closed = 0 ORDER BY zone",
    )
    .bind(market_id)
    .fetch_all(conn)
    .await?)
}

fn kind_of(stored: &str) -> StallKind {
    match stored {
        "car_bay" => StallKind::CarBay,
        _ => StallKind::Booth,
    }
}

/// Why a layout could not be written.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// The layout leaves out a stall someone holds.
    #[error("stall {0} is held")]
    Held(String),
    /// Any other failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LayoutError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

/// Makes `stalls` the market's layout, in the caller's transaction. A stall left out goes away, or,
/// when bookings name it, stays closed for their history; one that someone holds cannot be left out.
pub async fn replace(
    conn: &mut Conn,
    market_id: &str,
    stalls: &[StallDraft],
) -> Result<(), LayoutError> {
    let codes = serde_json::to_string(&stalls.iter().map(|s| s.code.as_str()).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into());
    let listed = super::Dialect::of(conn).strings_of("$2");
    let held: Option<String> = sqlx::query_scalar(&format!(
        "SELECT s.code FROM stalls s JOIN bookings b ON b.stall_id = s.id
         WHERE s.market_id = $1 AND b.status IN ('pending', 'confirmed')
           AND s.code NOT IN ({listed}) LIMIT 1"
    ))
    .bind(market_id)
    .bind(&codes)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(code) = held {
        return Err(LayoutError::Held(code));
    }
    sqlx::query(&format!(
        "UPDATE stalls SET closed = 1 WHERE market_id = $1 AND code NOT IN ({listed})
           AND EXISTS (SELECT 1 FROM bookings b WHERE b.stall_id = stalls.id)"
    ))
    .bind(market_id)
    .bind(&codes)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "DELETE FROM stalls WHERE market_id = $1 AND code NOT IN ({listed})
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.stall_id = stalls.id)"
    ))
    .bind(market_id)
    .bind(&codes)
    .execute(&mut *conn)
    .await?;
    for stall in stalls {
        sqlx::query(
            "INSERT INTO stalls (id, market_id, code, zone, kind, fee_fen, power, notes, closed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (market_id, code) DO UPDATE SET zone = excluded.zone, kind = excluded.kind,
                 fee_fen = excluded.fee_fen, power = excluded.power, notes = excluded.notes,
                 closed = excluded.closed",
        )
        .bind(format!("{market_id}-{}", stall.code))
        .bind(market_id)
        .bind(&stall.code)
        .bind(&stall.zone)
        .bind(match stall.kind {
            StallKind::Booth => "booth",
            StallKind::CarBay => "car_bay",
        })
        .bind(stall.fee_fen)
        .bind(i64::from(stall.power))
        .bind(&stall.notes)
        .bind(i64::from(stall.closed))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A market's layout as drafts, to copy into another market.
pub async fn drafts(conn: &mut Conn, market_id: &str) -> Result<Vec<StallDraft>, StoreError> {
    let rows = sqlx::query(
        "SELECT code, zone, kind, fee_fen, power, notes, closed FROM stalls WHERE market_id = $1 ORDER BY zone, code",
    )
    .bind(market_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|row| StallDraft {
            code: row.get("code"),
            zone: row.get("zone"),
            kind: if row.get::<&str, _>("kind") == "car_bay" {
                StallKind::CarBay
            } else {
                StallKind::Booth
            },
            fee_fen: row.get("fee_fen"),
            power: row.get::<i64, _>("power") == 1,
            notes: row.get("notes"),
            closed: row.get::<i64, _>("closed") == 1,
        })
        .collect())
}
