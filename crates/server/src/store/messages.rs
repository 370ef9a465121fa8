//! The outbox: messages written in the transaction of what they tell of, and their way to the SMS
//! provider. A try is marked before it is handed over (`sending`, with a time after which it is
//! taken for lost) and after (`sent`); whichever server finds a lost try hands it over again
//! under the same id.

use jishi_core::message::{MessageKind, MessageStatus};
use sqlx::{any::AnyRow, Row};

use super::{narrow, Conn, Db, StoreError};

/// A message to write.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// Its id, also the provider's idempotent id.
    pub id: &'a str,
    /// Whom it is for.
    pub user_id: &'a str,
    /// Their phone.
    pub phone: &'a str,
    /// The host unit that pays for it.
    pub host_unit_id: &'a str,
    /// The market it tells of.
    pub market_id: &'a str,
    /// The booking it tells of.
    pub booking_id: Option<&'a str>,
    /// What it tells.
    pub kind: MessageKind,
    /// The provider's template parameters, as JSON.
    pub params: &'a str,
    /// The words.
    pub text: &'a str,
    /// Set for a message that may exist once only (a second write of it is dropped).
    pub once_key: Option<&'a str>,
    /// `Queued`, or `OverLimit` when it will not be sent.
    pub status: MessageStatus,
    /// Not before.
    pub due_at: i64,
    /// Now.
    pub created_at: i64,
}

/// One message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    /// Its id.
    pub id: String,
    /// Whom it is for.
    pub user_id: String,
    /// Their phone.
    pub phone: String,
    /// The booking it tells of; none for a lottery's place in line.
    pub booking_id: Option<String>,
    /// What it tells.
    pub kind: MessageKind,
    /// Template parameters (JSON).
    pub params: String,
    /// The words.
    pub text: String,
    /// How far it has got.
    pub status: MessageStatus,
    /// Tries so far.
    pub attempts: u32,
    /// Not before (queued) / lost after (sending).
    pub due_at: i64,
    /// When it was written.
    pub created_at: i64,
    /// When the provider took it.
    pub sent_at: Option<i64>,
    /// Why the last try failed.
    pub error: String,
    /// The provider's id of the hand-over, to ask whether it arrived.
    pub receipt: Option<String>,
    /// The recipient's quiet hours are on.
    pub quiet_hours: bool,
    /// When its market starts.
    pub market_starts_at: i64,
}

const SELECT: &str = "
    SELECT g.id, g.user_id, g.phone, g.booking_id, g.kind, g.params, g.text, g.status,
           g.attempts, g.due_at, g.created_at, g.sent_at, g.error, g.receipt, u.quiet_hours,
           m.starts_at AS market_starts_at
    FROM messages g
    JOIN users u ON u.id = g.user_id
    JOIN markets m ON m.id = g.market_id";

fn to_row(row: &AnyRow) -> Result<MessageRow, StoreError> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(MessageRow {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        phone: row.try_get("phone")?,
        booking_id: row.try_get("booking_id")?,
        kind: MessageKind::parse(&kind)
            .ok_or_else(|| StoreError::Unreadable(format!("message kind {kind}")))?,
        params: row.try_get("params")?,
        text: row.try_get("text")?,
        status: MessageStatus::parse(&status)
            .ok_or_else(|| StoreError::Unreadable(format!("message status {status}")))?,
        attempts: narrow(row, "attempts")?,
        due_at: row.try_get("due_at")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        error: row.try_get("error")?,
        receipt: row.try_get("receipt")?,
        quiet_hours: row.try_get::<i64, _>("quiet_hours")? != 0,
        market_starts_at: row.try_get("market_starts_at")?,
    })
}

/// Writes a message in the caller's transaction; false when its `once_key` was written before.
pub async fn insert(conn: &mut Conn, new: &NewMessage<'_>) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO messages (id, user_id, phone, host_unit_id, market_id, booking_id, kind,
                               params, text, once_key, status, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (once_key) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.phone)
    .bind(new.host_unit_id)
    .bind(new.market_id)
    .bind(new.booking_id)
    .bind(new.kind.as_str())
    .bind(new.params)
    .bind(new.text)
    .bind(new.once_key)
    .bind(new.status.as_str())
    .bind(new.due_at)
    .bind(new.created_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Messages due at `now`: queued ones whose time has come, and tries taken for lost. Oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<MessageRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE g.status IN ('queued', 'sending') AND g.due_at <= $1
         ORDER BY g.due_at, g.id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_row).collect()
}

/// Takes a due message for one try, marked `sending` until `lost_after`: false when another
/// sender took it first (the update is the arbiter, on either database).
pub async fn take(db: &Db, id: &str, now: i64, lost_after: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE messages SET status = 'sending', attempts = attempts + 1, due_at = $1
         WHERE id = $2 AND status IN ('queued', 'sending') AND due_at <= $3",
    )
    .bind(lost_after)
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The provider took it, with its id of the hand-over when it keeps receipts.
pub async fn sent(db: &Db, id: &str, now: i64, receipt: Option<&str>) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE messages SET status = 'sent', sent_at = $1, receipt = $2, error = ''
         WHERE id = $3 AND status = 'sending'",
    )
    .bind(now)
    .bind(receipt)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Sent messages with a receipt to ask about: handed over since `since`, not asked about since
/// `asked_before`. Oldest first.
pub async fn awaiting_receipt(
    db: &Db,
    since: i64,
    asked_before: i64,
    limit: i64,
) -> Result<Vec<MessageRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE g.status = 'sent' AND g.receipt IS NOT NULL AND g.sent_at >= $1
           AND (g.checked_at IS NULL OR g.checked_at <= $2)
         ORDER BY g.sent_at, g.id LIMIT $3"
    ))
    .bind(since)
    .bind(asked_before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_row).collect()
}

/// What the receipt said: still `Sent` (asked at `now`), `Delivered`, or `Undelivered` with
/// the provider's reason.
pub async fn receipt_read(
    db: &Db,
    id: &str,
    status: MessageStatus,
    error: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE messages SET status = $1, error = $2, checked_at = $3
         WHERE id = $4 AND status = 'sent'",
    )
    .bind(status.as_str())
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A try failed: queued again for `retry_at`, or `failed` for good when that is `None`.
pub async fn try_failed(
    db: &Db,
    id: &str,
    error: &str,
    retry_at: Option<i64>,
) -> Result<(), StoreError> {
    let (status, due_at) = match retry_at {
        Some(at) => (MessageStatus::Queued, Some(at)),
        None => (MessageStatus::Failed, None),
    };
    sqlx::query(
        "UPDATE messages SET status = $1, due_at = coalesce($2, due_at), error = $3
         WHERE id = $4 AND status = 'sending'",
    )
    .bind(status.as_str())
    .bind(due_at)
    .bind(error)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A queued message waits until `until` (quiet hours), no try spent.
pub async fn postpone(db: &Db, id: &str, until: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE messages SET due_at = $1 WHERE id = $2 AND status = 'queued'")
        .bind(until)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The messages about one booking, oldest first.
pub async fn for_booking<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    booking_id: &str,
) -> Result<Vec<MessageRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE g.booking_id = $1 ORDER BY g.created_at, g.id"
    ))
    .bind(booking_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_row).collect()
}

/// The messages about a market's bookings, oldest first.
pub async fn for_market(db: &Db, market_id: &str) -> Result<Vec<MessageRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE g.market_id = $1 ORDER BY g.created_at, g.id"
    ))
    .bind(market_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_row).collect()
}

/// Messages of a host unit written in `[from, until)` that count against its limit (all but
/// those held back by it).
pub async fn counted(
    conn: &mut Conn,
    host_unit_id: &str,
    from: i64,
    until: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM messages
         WHERE host_unit_id = $1 AND created_at >= $2 AND created_at < $3 AND status <> 'over_limit'",
    )
    .bind(host_unit_id)
    .bind(from)
    .bind(until)
    .fetch_one(conn)
    .await?)
}

/// A host unit's own monthly limit, if it has one.
pub async fn limit_of(conn: &mut Conn, host_unit_id: &str) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT sms_monthly_limit FROM host_units WHERE id = $1")
            .bind(host_unit_id)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}

/// Per market of a host unit, in `[from, until)`: (market, title, counted, held back).
pub async fn usage(
    db: &Db,
    host_unit_id: &str,
    from: i64,
    until: i64,
) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT g.market_id, m.title,
                sum(CASE WHEN g.status <> 'over_limit' THEN 1 ELSE 0 END) AS counted,
                sum(CASE WHEN g.status = 'over_limit' THEN 1 ELSE 0 END) AS held
         FROM messages g JOIN markets m ON m.id = g.market_id
         WHERE g.host_unit_id = $1 AND g.created_at >= $2 AND g.created_at < $3
         GROUP BY g.market_id, m.title
         ORDER BY counted DESC, g.market_id",
    )
    .bind(host_unit_id)
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("market_id")?,
                row.try_get("title")?,
                row.try_get::<i64, _>("counted")?,
                row.try_get::<i64, _>("held")?,
            ))
        })
        .collect()
}

/// Sets a host unit's own monthly limit.
pub async fn set_limit(db: &Db, host_unit_id: &str, limit: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE host_units SET sms_monthly_limit = $1 WHERE id = $2")
        .bind(limit)
        .bind(host_unit_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Confirmed bookings of markets going ahead that start in `[from, until)` and have no reminder
/// yet: (market id, booking id).
pub async fn without_reminder(
    db: &Db,
    from: i64,
    until: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT b.market_id, b.id FROM bookings b JOIN markets m ON m.id = b.market_id
         WHERE b.status = 'confirmed' AND m.status IN ('scheduled', 'postponed')
           AND m.starts_at >= $1 AND m.starts_at < $2
           AND NOT EXISTS (SELECT 1 FROM messages g WHERE g.once_key = 'reminder:' || b.id)
         ORDER BY m.starts_at, b.id",
    )
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("market_id")?, row.try_get("id")?)))
        .collect()
}
