//! Messages: the rules of who is told what, when, and whether it still fits the host unit's
//! monthly limit. Each is written in the transaction of the change it tells of (so it exists
//! exactly when the change does); the outbox (`crate::outbox`) delivers it.

mod notices;
mod texts;

use jishi_core::{
    market::Market,
    message::{
        LimitRequest, MarketUsage, Message, MessageKind, MessageSettings, MessageStatus,
        MessageUsage, Notice,
    },
    when::{china_date, china_time},
};
use time::{Duration, Time};

use texts::Facts;

use crate::{
    ids::new_id,
    store::{
        self,
        bookings::{self, BookingRow},
        markets,
        messages::{self, MessageRow, NewMessage},
        users::{self, UserRecord},
        Conn, Db, StoreError,
    },
};

/// Why a request about messages was refused.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// No such booking, market or host unit, or one the caller may not see.
    #[error("not found")]
    NotFound,
    /// Seen, but not the caller's to manage (a stallholder asking for a market's messages).
    #[error("not yours")]
    NotYours,
    /// A limit above [`LimitRequest::MAX`].
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// From 17:00 China time on the day before a market, its holders are reminded (before the
/// quiet hours begin at 21:00).
const REMINDERS_FROM_HOUR: u8 = 17;

/// A host unit's monthly limit when it has none of its own: a month of busy markets at a few
/// messages per stall.
pub const DEFAULT_MONTHLY_LIMIT: i64 = 2_000;

/// Quiet hours in China time: no SMS from 21:00 to 8:00.
const QUIET_FROM_HOUR: u8 = 21;
const QUIET_UNTIL_HOUR: u8 = 8;

/// A message about one booking, to its holder.
pub async fn tell_holder(
    conn: &mut Conn,
    kind: MessageKind,
    market: &Market,
    booking: &BookingRow,
    now: i64,
) -> Result<(), StoreError> {
    let to = To::holder_of(booking);
    write(
        conn,
        kind,
        market,
        to,
        Facts::of(market, booking, None),
        now,
    )
    .await
}

/// A message about the market itself (cancelled, postponed) to every holder of a booking there.
pub async fn tell_holders(
    conn: &mut Conn,
    kind: MessageKind,
    market: &Market,
    now: i64,
) -> Result<(), StoreError> {
    let held: Vec<BookingRow> = bookings::for_market(&mut *conn, &market.id)
        .await?
        .into_iter()
        .filter(|row| row.status.holds_stall())
        .collect();
    for booking in &held {
        tell_holder(conn, kind, market, booking, now).await?;
    }
    Ok(())
}

/// The lottery's result to an applicant left in line: `rank` from 1, no booking yet (the drawn
/// hear of theirs by [`tell_holder`], `Drawn`).
pub async fn tell_in_line(
    conn: &mut Conn,
    market: &Market,
    user_id: &str,
    rank: usize,
    now: i64,
) -> Result<(), StoreError> {
    let Some(phone) = users::phone_of(&mut *conn, user_id).await? else {
        return Ok(());
    };
    let to = To {
        user_id,
        phone: &phone,
        booking_id: None,
    };
    let facts = Facts::in_line(market, rank);
    write(conn, MessageKind::Waitlisted, market, to, facts, now).await
}

/// The reminder the day before, with the ticket's link: written once per booking however many
/// servers look, and not at all for a holder who wants none.
pub async fn remind(
    conn: &mut Conn,
    market: &Market,
    booking: &BookingRow,
    ticket_link: &str,
    now: i64,
) -> Result<(), StoreError> {
    let facts = Facts::of(market, booking, Some(ticket_link));
    let to = To::holder_of(booking);
    write(conn, MessageKind::Reminder, market, to, facts, now).await
}

/// Whom a message is for, and the booking it tells of (none for a place in line).
struct To<'a> {
    user_id: &'a str,
    phone: &'a str,
    booking_id: Option<&'a str>,
}

impl<'a> To<'a> {
    fn holder_of(booking: &'a BookingRow) -> Self {
        Self {
            user_id: &booking.user_id,
            phone: &booking.holder_phone,
            booking_id: Some(&booking.id),
        }
    }
}

/// Writes `kind` to `to`, in their language, due when their quiet hours allow, and held back
/// when the host unit's limit is reached. A reminder is written once per booking (`once_key`).
async fn write(
    conn: &mut Conn,
    kind: MessageKind,
    market: &Market,
    to: To<'_>,
    facts: Facts,
    now: i64,
) -> Result<(), StoreError> {
    let settings = users::message_settings(&mut *conn, to.user_id).await?;
    if kind.is_optional() && !settings.reminders {
        return Ok(());
    }
    let unit = &market.host_unit.id;
    let (from, until) = month_of(now);
    let limit = messages::limit_of(conn, unit)
        .await?
        .unwrap_or(DEFAULT_MONTHLY_LIMIT);
    let counted = messages::counted(conn, unit, from, until).await?;
    let status = if counted >= limit && !kind.goes_past_the_limit() {
        MessageStatus::OverLimit
    } else {
        MessageStatus::Queued
    };
    let id = new_id("msg");
    let once_key = match (kind, to.booking_id) {
        (MessageKind::Reminder, Some(booking)) => Some(format!("reminder:{booking}")),
        _ => None,
    };
    let text = texts::text(kind, settings.lang, &facts);
    let params = facts.params().to_string();
    let due_at = not_before(
        now,
        settings.quiet_hours,
        kind,
        market.starts_at.unix_timestamp(),
    );
    let new = NewMessage {
        id: &id,
        user_id: to.user_id,
        phone: to.phone,
        host_unit_id: unit,
        market_id: &market.id,
        booking_id: to.booking_id,
        kind,
        params: &params,
        text: &text,
        once_key: once_key.as_deref(),
        status,
        due_at,
        created_at: now,
    };
    if status == MessageStatus::OverLimit {
        tracing::warn!(
            unit,
            limit,
            "monthly SMS limit reached; only cancellations go out"
        );
    }
    messages::insert(conn, &new).await?;
    Ok(())
}

/// When a message written at `now` may go: at once, or at the end of the recipient's quiet
/// hours, except a cancellation of a market held before that day is out.
pub fn not_before(now: i64, quiet_hours: bool, kind: MessageKind, market_starts_at: i64) -> i64 {
    let at = china_time(now);
    if !quiet_hours || (QUIET_UNTIL_HOUR..QUIET_FROM_HOUR).contains(&at.hour()) {
        return now;
    }
    let morning = if at.hour() >= QUIET_FROM_HOUR {
        at.date().next_day().unwrap_or(at.date())
    } else {
        at.date()
    };
    let quiet_ends = morning
        .with_time(Time::from_hms(QUIET_UNTIL_HOUR, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_offset(jishi_core::market::CHINA)
        .unix_timestamp();
    let market_day = china_date(china_time(market_starts_at));
    if kind == MessageKind::Cancelled && market_day <= morning {
        return now;
    }
    quiet_ends
}

/// The China month around `now`, as `[from, until)` in unix seconds.
pub fn month_of(now: i64) -> (i64, i64) {
    let date = china_time(now).date();
    let first = date.replace_day(1).unwrap_or(date);
    let next = (first + Duration::days(32)).replace_day(1).unwrap_or(first);
    let start = |day: time::Date| {
        day.midnight()
            .assume_offset(jishi_core::market::CHINA)
            .unix_timestamp()
    };
    (start(first), start(next))
}

/// A stored message as its recipient and the organisers see it.
pub fn to_api(row: &MessageRow) -> Message {
    Message {
        id: row.id.clone(),
        booking_id: row.booking_id.clone(),
        kind: row.kind,
        status: row.status,
        text: row.text.clone(),
        created_at: china_time(row.created_at),
        sent_at: row.sent_at.map(china_time),
        attempts: row.attempts,
        error: row.error.clone(),
    }
}

/// The messages about booking `id`, for its holder or the market's organisers; 404 for anyone else.
pub async fn for_booking(
    db: &Db,
    user: &UserRecord,
    id: &str,
) -> Result<Vec<Message>, MessageError> {
    let booking = bookings::get(db, id)
        .await?
        .filter(|row| row.user_id == user.id || user.organises(&row.host_unit_id))
        .ok_or(MessageError::NotFound)?;
    let rows = messages::for_booking(db, &booking.id).await?;
    Ok(rows.iter().map(to_api).collect())
}

/// Every message about a market's bookings, for its organisers.
pub async fn for_market(
    db: &Db,
    user: &UserRecord,
    market_id: &str,
) -> Result<Vec<Message>, MessageError> {
    let market = markets::get(db, market_id)
        .await?
        .ok_or(MessageError::NotFound)?;
    if !user.organises(&market.host_unit.id) {
        return Err(MessageError::NotYours);
    }
    let rows = messages::for_market(db, market_id).await?;
    Ok(rows.iter().map(to_api).collect())
}

/// The group notices that fit market `id` now (public: they say only what its page says).
pub async fn notices(
    db: &Db,
    id: &str,
    origin: &str,
    now: i64,
) -> Result<Vec<Notice>, MessageError> {
    let market = markets::get(db, id).await?.ok_or(MessageError::NotFound)?;
    Ok(notices::for_market(&market, origin, now))
}

/// A host unit's messages in the China month around `now`, by market, against its limit; for its
/// organisers.
pub async fn usage(
    db: &Db,
    user: &UserRecord,
    host_unit_id: &str,
    now: i64,
) -> Result<MessageUsage, MessageError> {
    organiser_of(db, user, host_unit_id).await?;
    let (from, until) = month_of(now);
    let rows = messages::usage(db, host_unit_id, from, until).await?;
    let mut conn = store::read(db).await?;
    let limit = messages::limit_of(&mut conn, host_unit_id)
        .await?
        .unwrap_or(DEFAULT_MONTHLY_LIMIT);
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let month = china_time(now).date();
    Ok(MessageUsage {
        host_unit_id: host_unit_id.to_owned(),
        month: format!("{:04}-{:02}", month.year(), u8::from(month.month())),
        sent: count(rows.iter().map(|r| r.2).sum()),
        over_limit: count(rows.iter().map(|r| r.3).sum()),
        limit: count(limit),
        markets: rows
            .into_iter()
            .filter(|r| r.2 > 0)
            .map(|(market_id, title, sent, _)| MarketUsage {
                market_id,
                title,
                sent: count(sent),
            })
            .collect(),
    })
}

/// Sets a host unit's monthly limit; for its organisers.
pub async fn set_limit(
    db: &Db,
    user: &UserRecord,
    host_unit_id: &str,
    request: LimitRequest,
    now: i64,
) -> Result<MessageUsage, MessageError> {
    organiser_of(db, user, host_unit_id).await?;
    if request.limit > LimitRequest::MAX {
        return Err(MessageError::Invalid("limit"));
    }
    messages::set_limit(db, host_unit_id, i64::from(request.limit)).await?;
    usage(db, user, host_unit_id, now).await
}

async fn organiser_of(db: &Db, user: &UserRecord, host_unit_id: &str) -> Result<(), MessageError> {
    if !users::host_unit_exists(db, host_unit_id).await? {
        return Err(MessageError::NotFound);
    }
    if !user.organises(host_unit_id) {
        return Err(MessageError::NotYours);
    }
    Ok(())
}

/// What `user` wants to be told.
pub async fn settings(db: &Db, user: &UserRecord) -> Result<MessageSettings, MessageError> {
    Ok(users::message_settings(db, &user.id).await?)
}

/// Keeps what `user` wants to be told.
pub async fn set_settings(
    db: &Db,
    user: &UserRecord,
    settings: MessageSettings,
) -> Result<MessageSettings, MessageError> {
    users::set_message_settings(db, &user.id, settings).await?;
    Ok(settings)
}

/// Writes tomorrow's reminders once it is [`REMINDERS_FROM_HOUR`] in China: one per confirmed
/// booking of a market going ahead, with the ticket's link (`ticket_link` of the booking's id).
/// Any number of servers may do it at once: a reminder is written once per booking.
pub async fn write_reminders(
    db: &Db,
    now: i64,
    ticket_link: impl Fn(&str) -> String,
) -> Result<usize, StoreError> {
    let today = china_time(now);
    if today.hour() < REMINDERS_FROM_HOUR {
        return Ok(0);
    }
    let (tomorrow, after) = match today.date().next_day() {
        Some(day) => (day, day.next_day().unwrap_or(day)),
        None => return Ok(0),
    };
    let start = |day: time::Date| {
        day.midnight()
            .assume_offset(jishi_core::market::CHINA)
            .unix_timestamp()
    };
    let due = messages::without_reminder(db, start(tomorrow), start(after)).await?;
    let mut written = 0;
    for (market_id, booking_id) in due {
        let mut tx = store::write(db, &[]).await?;
        let market = markets::get(&mut *tx, &market_id).await?;
        let booking = bookings::get(&mut *tx, &booking_id).await?;
        let booking = booking.filter(|b| b.status == jishi_core::booking::BookingStatus::Confirmed);
        if let (Some(market), Some(booking)) = (market, booking) {
            remind(&mut tx, &market, &booking, &ticket_link(&booking.id), now).await?;
            written += 1;
        }
        tx.commit().await?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn at(moment: time::OffsetDateTime) -> i64 {
        moment.unix_timestamp()
    }

    #[test]
    fn quiet_hours_hold_a_message_until_eight_in_china() {
        let market = at(datetime!(2026-12-20 08:00 +8));
        let approved = MessageKind::Approved;
        let day = at(datetime!(2026-12-10 14:00 +8));
        assert_eq!(not_before(day, true, approved, market), day);
        let evening = at(datetime!(2026-12-10 21:30 +8));
        let morning = at(datetime!(2026-12-11 08:00 +8));
        assert_eq!(not_before(evening, true, approved, market), morning);
        let night = at(datetime!(2026-12-11 03:00 +8));
        assert_eq!(not_before(night, true, approved, market), morning);
        assert_eq!(not_before(night, false, approved, market), night);
    }

    #[test]
    fn a_cancellation_of_that_mornings_market_goes_at_once() {
        let evening = at(datetime!(2026-12-19 22:00 +8));
        let tomorrow = at(datetime!(2026-12-20 08:00 +8));
        let later = at(datetime!(2026-12-27 08:00 +8));
        let cancelled = MessageKind::Cancelled;
        assert_eq!(not_before(evening, true, cancelled, tomorrow), evening);
        assert_eq!(
            not_before(evening, true, cancelled, later),
            at(datetime!(2026-12-20 08:00 +8))
        );
        assert_eq!(
            not_before(evening, true, MessageKind::Postponed, tomorrow),
            at(datetime!(2026-12-20 08:00 +8))
        );
    }

    #[test]
    fn a_month_runs_from_the_first_to_the_first_in_china() {
        let (from, until) = month_of(at(datetime!(2026-12-31 23:30 +8)));
        assert_eq!(from, at(datetime!(2026-12-01 00:00 +8)));
        assert_eq!(until, at(datetime!(2027-01-01 00:00 +8)));
    }
}
