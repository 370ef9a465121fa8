//! Booking a stall, and the rules around it: the booking window, car plates for car bays, approval,
//! cancelling before the deadline, and retried requests that must not book twice. Who wins a stall
//! is the database's decision (see `store::bookings`).

use jishi_core::{
    booking::{Booking, BookingRequest, BookingStatus},
    market::{Approval, MarketStatus, StallKind},
    plate::Plate,
    ErrorCode,
};
use time::Duration;

use crate::{
    ids::{new_id, random_bytes},
    startup::AppState,
    store::{
        bookings::{self, BookingRow, InsertError, KeptAnswer, NewBooking},
        markets,
        users::UserRecord,
        StoreError,
    },
};

/// Why a booking request was refused.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// A field broke its rules.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// A car bay without a plate.
    #[error("plate required")]
    PlateRequired,
    /// No such market, stall or booking (or one the caller may not see).
    #[error("not found")]
    NotFound,
    /// The stall is held or closed.
    #[error("stall taken")]
    StallTaken,
    /// The person holds as many stalls as the market allows.
    #[error("already booked")]
    AlreadyBooked,
    /// Outside the booking window, or the market is not going ahead.
    #[error("booking closed")]
    BookingClosed,
    /// Too close to the opening to cancel.
    #[error("cancel closed")]
    CancelClosed,
    /// An Idempotency-Key sent again with a different request.
    #[error("idempotency key reused for another request")]
    KeyReused,
    /// The kept answer to a retried request that had failed.
    #[error("replayed {0:?}")]
    Replayed(ErrorCode),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BookingError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

impl BookingError {
    /// The code a retried request will be answered with; `None` for failures not worth keeping.
    fn code(&self) -> Option<ErrorCode> {
        Some(match self {
            Self::Invalid(_) => ErrorCode::InvalidInput,
            Self::PlateRequired => ErrorCode::PlateRequired,
            Self::NotFound => ErrorCode::NotFound,
            Self::StallTaken => ErrorCode::StallTaken,
            Self::AlreadyBooked => ErrorCode::AlreadyBooked,
            Self::BookingClosed => ErrorCode::BookingClosed,
            Self::CancelClosed => ErrorCode::CancelClosed,
            Self::Replayed(code) => *code,
            Self::KeyReused | Self::Store(_) => return None,
        })
    }
}

/// Books `request.stall_id` at `market_id` for `user`. With an `Idempotency-Key`, the first answer
/// (a booking or a refusal) is kept and given again to the same request with the same key.
pub async fn book(
    state: &AppState,
    user: &UserRecord,
    market_id: &str,
    request: &BookingRequest,
    key: Option<&str>,
) -> Result<Booking, BookingError> {
    let now = state.clock.now();
    let asked = serde_json::to_string(&(market_id, request)).unwrap_or_default();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(key) = key {
        if let Some(kept) = bookings::kept_answer(&mut tx, &user.id, key).await? {
            return replay(kept, &asked);
        }
    }
    let outcome = place(state, &mut tx, user, market_id, request, now).await;
    if let Some(key) = key {
        let kept = match &outcome {
            Ok(booking) => Some(KeptAnswer {
                request: asked,
                status: 201,
                body: serde_json::to_string(booking).unwrap_or_default(),
            }),
            Err(error) => error.code().map(|code| KeptAnswer {
                request: asked,
                status: 0,
                body: code.as_str().to_owned(),
            }),
        };
        if let Some(kept) = kept {
            bookings::keep_answer(&mut tx, &user.id, key, &kept, now).await?;
        }
    }
    tx.commit().await?;
    outcome
}

/// The answer kept for a retried request, if it is the same request.
fn replay(kept: KeptAnswer, asked: &str) -> Result<Booking, BookingError> {
    if kept.request != asked {
        return Err(BookingError::KeyReused);
    }
    if kept.status == 201 {
        return serde_json::from_str(&kept.body)
            .map_err(|e| BookingError::Store(StoreError::Database(sqlx::Error::Decode(e.into()))));
    }
    let code =
        serde_json::from_value(serde_json::Value::String(kept.body)).unwrap_or(ErrorCode::Unknown);
    Err(BookingError::Replayed(code))
}

/// The booking itself, inside the caller's transaction.
async fn place(
    state: &AppState,
    tx: &mut sqlx::SqliteConnection,
    user: &UserRecord,
    market_id: &str,
    request: &BookingRequest,
    now: i64,
) -> Result<Booking, BookingError> {
    let goods = request.goods.trim();
    if goods.is_empty() || goods.chars().count() > 100 || goods.chars().any(char::is_control) {
        return Err(BookingError::Invalid("goods"));
    }
    let market = markets::get(&mut *tx, market_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    let window = &market.booking;
    if market.status != MarketStatus::Scheduled
        || now < window.opens_at.unix_timestamp()
        || now >= window.closes_at.unix_timestamp()
    {
        return Err(BookingError::BookingClosed);
    }
    let kind = markets::stall_kind(&mut *tx, market_id, &request.stall_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    let plate = match request
        .plate
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(text) => Some(Plate::parse(text).ok_or(BookingError::Invalid("plate"))?),
        None if kind == StallKind::CarBay => return Err(BookingError::PlateRequired),
        None => None,
    };
    let status = match window.approval {
        Approval::Auto => BookingStatus::Confirmed,
        Approval::Manual => BookingStatus::Pending,
    };
    let id = new_id("b");
    for _ in 0..5 {
        let code = short_code();
        let new = NewBooking {
            id: &id,
            market_id,
            stall_id: &request.stall_id,
            user_id: &user.id,
            status,
            code: &code,
            goods,
            plate: plate.as_ref().map(Plate::as_str),
            booked_by: None,
            now,
        };
        match bookings::insert(&mut *tx, &new).await {
            Ok(()) => {
                let row = bookings::get(&mut *tx, &id)
                    .await?
                    .ok_or(BookingError::NotFound)?;
                return Ok(to_api(state, &row, now));
            }
            Err(InsertError::CodeClash) => continue,
            Err(InsertError::StallTaken) => return Err(BookingError::StallTaken),
            Err(InsertError::AlreadyBooked) => return Err(BookingError::AlreadyBooked),
            Err(InsertError::Store(e)) => return Err(e.into()),
        }
    }
    Err(BookingError::Store(StoreError::Database(
        sqlx::Error::Protocol("no free booking code".into()),
    )))
}

/// One booking, for its owner or the market's organisers; `NotFound` for anyone else.
pub async fn get(state: &AppState, user: &UserRecord, id: &str) -> Result<Booking, BookingError> {
    let row = bookings::get(&state.db, id)
        .await?
        .filter(|row| may_see(user, row))
        .ok_or(BookingError::NotFound)?;
    Ok(to_api(state, &row, state.clock.now()))
}

/// The caller's bookings.
pub async fn mine(state: &AppState, user: &UserRecord) -> Result<Vec<Booking>, BookingError> {
    let now = state.clock.now();
    Ok(bookings::for_user(&state.db, &user.id)
        .await?
        .iter()
        .map(|row| to_api(state, row, now))
        .collect())
}

/// Cancels the caller's own booking before the deadline; cancelling again changes nothing.
pub async fn cancel(
    state: &AppState,
    user: &UserRecord,
    id: &str,
) -> Result<Booking, BookingError> {
    let now = state.clock.now();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let row = bookings::get(&mut *tx, id)
        .await?
        .filter(|row| row.user_id == user.id)
        .ok_or(BookingError::NotFound)?;
    if row.status.holds_stall() {
        if now >= cancel_until(&row) {
            return Err(BookingError::CancelClosed);
        }
        bookings::set_status(
            &mut tx,
            id,
            &[BookingStatus::Pending, BookingStatus::Confirmed],
            BookingStatus::Cancelled,
            None,
            now,
        )
        .await?;
    }
    let row = bookings::get(&mut *tx, id)
        .await?
        .ok_or(BookingError::NotFound)?;
    tx.commit().await?;
    Ok(to_api(state, &row, now))
}

fn may_see(user: &UserRecord, row: &BookingRow) -> bool {
    row.user_id == user.id || user.organises(&row.host_unit_id)
}

fn cancel_until(row: &BookingRow) -> i64 {
    row.starts_at.unix_timestamp() - row.cancel_hours * 3600
}

/// A booking as the API gives it: the ticket only while it is confirmed.
fn to_api(state: &AppState, row: &BookingRow, now: i64) -> Booking {
    Booking {
        id: row.id.clone(),
        market_id: row.market_id.clone(),
        market_title: row.market_title.clone(),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        stall_id: row.stall_id.clone(),
        stall_code: row.stall_code.clone(),
        zone: row.zone.clone(),
        status: row.status,
        code: row.code.clone(),
        ticket: (row.status == BookingStatus::Confirmed).then(|| state.signer.ticket(row, now)),
        goods: row.goods.clone(),
        plate: row.plate.clone(),
        reason: row.reason.clone(),
        cancel_until: row.starts_at - Duration::hours(row.cancel_hours),
    }
}

/// Six characters a person can read out and type without confusing 0/O or 1/I.
fn short_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    // 32 symbols: each byte's low five bits pick one uniformly.
    random_bytes::<6>()
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect()
}
