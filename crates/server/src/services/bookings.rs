//! Booking a stall, and the rules around it: the booking window, car plates for car bays, approval,
//! cancelling before the deadline, and retried requests that must not book twice. Who wins a stall
//! is the database's decision (see `store::bookings`).

use jishi_core::{
    auth::DisplayName,
    booking::{
        Booking, BookingRequest, BookingStatus, Decision, Holder, OnBehalfRequest, WaitlistPlace,
        WaitlistRequest,
    },
    lottery::Allocation,
    market::{Approval, Market, MarketStatus, StallKind},
    message::MessageKind,
    plate::Plate,
    when::china_time,
    ErrorCode, Phone,
};
use time::Duration;

use crate::{
    ids::{new_id, short_code},
    qr::qr_svg,
    services::{
        households,
        idempotency::{self, IdempotencyError, Seen},
        messages,
        signing::Signer,
    },
    store::{
        self, audit,
        bookings::{self, BookingRow, InsertError, NewBooking},
        households as marks,
        idempotency::Kept,
        lottery, markets, stalls,
        users::{self, UserRecord},
        Claim, Conn, Db, StoreError, Write,
    },
};

/// What the booking rules work with: the store, the ticket signer, and the time they go by.
#[derive(Clone, Copy)]
pub struct Bookings<'a> {
    /// The store.
    pub db: &'a Db,
    /// Signs the tickets of confirmed bookings.
    pub signer: &'a Signer,
    /// Now, in unix seconds.
    pub now: i64,
}

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
    /// The free stalls are kept for priority households, and the caller is not one.
    #[error("kept for priority households")]
    KeptForHouseholds,
    /// Too close to the opening to cancel.
    #[error("cancel closed")]
    CancelClosed,
    /// The booking's status does not allow this.
    #[error("wrong status")]
    WrongStatus,
    /// Seen, but not the caller's to decide (a stallholder approving their own booking).
    #[error("not yours")]
    NotYours,
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

impl From<IdempotencyError> for BookingError {
    fn from(error: IdempotencyError) -> Self {
        match error {
            IdempotencyError::Reused => Self::KeyReused,
            IdempotencyError::Store(error) => Self::Store(error),
        }
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
            Self::KeptForHouseholds => ErrorCode::KeptForHouseholds,
            Self::CancelClosed => ErrorCode::CancelClosed,
            Self::WrongStatus => ErrorCode::WrongStatus,
            Self::NotYours => ErrorCode::Forbidden,
            Self::Replayed(code) => *code,
            Self::KeyReused | Self::Store(_) => return None,
        })
    }
}

/// Books `request.stall_id` at `market_id` for `user`. With an `Idempotency-Key`, the first answer
/// (a booking or a refusal) is kept and given again to the same request with the same key.
pub async fn book(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    market_id: &str,
    request: &BookingRequest,
    key: Option<&str>,
) -> Result<Booking, BookingError> {
    let now = ctx.now;
    let asked = serde_json::to_string(&(market_id, request)).unwrap_or_default();
    let answer = key.map(|key| Claim::Answer {
        user_id: &user.id,
        key,
    });
    let claims: Vec<Claim> = [Some(Claim::Market(market_id)), answer]
        .into_iter()
        .flatten()
        .collect();
    let mut tx = store::write(ctx.db, &claims).await?;
    if let Some(key) = key {
        if let Seen::Answered(kept) = idempotency::seen(&mut tx, &user.id, key, &asked).await? {
            return replay(kept);
        }
    }
    let outcome = place(ctx, &mut tx, &user.id, None, market_id, request, now).await;
    if let Some(key) = key {
        let kept = match &outcome {
            Ok(booking) => Some((201, serde_json::to_string(booking).unwrap_or_default())),
            Err(error) => error.code().map(|code| (0, code.as_str().to_owned())),
        };
        if let Some((status, body)) = kept {
            idempotency::keep(&mut tx, &user.id, key, asked, status, body, now).await?;
        }
    }
    tx.commit().await?;
    outcome
}

/// The answer kept for the same request sent before.
fn replay(kept: Kept) -> Result<Booking, BookingError> {
    if kept.status == 201 {
        return serde_json::from_str(&kept.body).map_err(|e| {
            BookingError::Store(StoreError::Unreadable(format!("kept booking answer: {e}")))
        });
    }
    let code =
        serde_json::from_value(serde_json::Value::String(kept.body)).unwrap_or(ErrorCode::Unknown);
    Err(BookingError::Replayed(code))
}

/// The booking itself, inside the caller's transaction: for `user_id`, or by an organiser
/// (`booked_by`) on their behalf, which confirms it at once.
async fn place(
    ctx: &Bookings<'_>,
    tx: &mut Conn,
    user_id: &str,
    booked_by: Option<&str>,
    market_id: &str,
    request: &BookingRequest,
    now: i64,
) -> Result<Booking, BookingError> {
    let goods = checked_goods(&request.goods)?;
    let market = markets::get(&mut *tx, market_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    // A lottery market's stalls are drawn (organisers may still book for someone, 代办).
    if market.booking.allocation == Allocation::Lottery && booked_by.is_none() {
        return Err(BookingError::WrongStatus);
    }
    if !booking_open(&market, now) {
        return Err(BookingError::BookingClosed);
    }
    // Organisers booking for someone (代办) decide for themselves whom a kept stall goes to.
    if booked_by.is_none() && households::kept_from(&mut *tx, &market, user_id, now).await? {
        return Err(BookingError::KeptForHouseholds);
    }
    let kind = stalls::stall_kind(&mut *tx, market_id, &request.stall_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    let plate = match given_plate(request.plate.as_deref())? {
        None if kind == StallKind::CarBay => return Err(BookingError::PlateRequired),
        plate => plate,
    };
    let status = match (market.booking.approval, booked_by) {
        (Approval::Auto, _) | (_, Some(_)) => BookingStatus::Confirmed,
        (Approval::Manual, None) => BookingStatus::Pending,
    };
    let new = NewBooking {
        id: &new_id("b"),
        market_id,
        stall_id: &request.stall_id,
        user_id,
        status,
        code: "",
        goods,
        plate: plate.as_ref().map(Plate::as_str),
        booked_by,
        now,
    };
    let row = match book_into(&mut *tx, new).await {
        Ok(row) => row,
        Err(InsertError::StallTaken) => return Err(BookingError::StallTaken),
        Err(InsertError::AlreadyBooked) => return Err(BookingError::AlreadyBooked),
        Err(InsertError::CodeClash) => return Err(StoreError::Exhausted("booking code").into()),
        Err(InsertError::Store(e)) => return Err(e.into()),
    };
    Ok(with_qr(to_api(ctx, &row, now, booked_by.is_some())))
}

/// Writes `new` under a fresh short code (its `code` is ignored; drawn again when one clashes), and
/// reads it back: refused when the stall is taken or the person holds as many as allowed.
pub(crate) async fn book_into(
    tx: &mut Conn,
    new: NewBooking<'_>,
) -> Result<BookingRow, InsertError> {
    for _ in 0..5 {
        let code = short_code();
        match bookings::insert(&mut *tx, &NewBooking { code: &code, ..new }).await {
            Ok(()) => {
                return bookings::get(&mut *tx, new.id)
                    .await?
                    .ok_or(InsertError::Store(StoreError::Unreadable(
                        "booking just written".into(),
                    )))
            }
            Err(InsertError::CodeClash) => continue,
            Err(refused) => return Err(refused),
        }
    }
    Err(StoreError::Exhausted("booking code").into())
}

/// Puts the caller in line at a full market whose booking is open; 409 `wrong_status` while a stall
/// is free (book it instead), 409 `already_booked` for someone who has one.
pub async fn join_waitlist(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    market_id: &str,
    request: &WaitlistRequest,
) -> Result<WaitlistPlace, BookingError> {
    let now = ctx.now;
    let goods = checked_goods(&request.goods)?;
    let plate = given_plate(request.plate.as_deref())?;
    let mut tx = store::write(ctx.db, &[Claim::Market(market_id)]).await?;
    let market = markets::get(&mut *tx, market_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    if !booking_open(&market, now) {
        return Err(BookingError::BookingClosed);
    }
    if bookings::holds_at(&mut tx, market_id, &user.id).await? {
        return Err(BookingError::AlreadyBooked);
    }
    // A free stall kept from the caller does not make the market free for them: they may wait.
    let kept = households::kept_from(&mut tx, &market, &user.id, now).await?;
    if !kept && bookings::has_free_stall(&mut tx, market_id).await? {
        return Err(BookingError::WrongStatus);
    }
    let position = bookings::join_waitlist(
        &mut tx,
        market_id,
        &user.id,
        goods,
        plate.as_ref().map(Plate::as_str),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(WaitlistPlace {
        market_id: market_id.to_owned(),
        position,
    })
}

/// Takes the caller out of a market's line.
pub async fn leave_waitlist(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    market_id: &str,
) -> Result<(), BookingError> {
    let mut conn = store::read(ctx.db).await?;
    bookings::leave_waitlist(&mut conn, market_id, &user.id).await?;
    Ok(())
}

/// Gives a stall that just came free to the first in line who fits it (a car bay needs a plate)
/// and from whom it is not kept (a stall kept for priority households waits for one of them),
/// booked as `market` books (confirmed, or pending approval); they leave the line and are told.
async fn offer_to_waitlist(
    tx: &mut Conn,
    market: &Market,
    stall_id: &str,
    now: i64,
) -> Result<(), BookingError> {
    let status = match market.booking.approval {
        Approval::Auto => BookingStatus::Confirmed,
        Approval::Manual => BookingStatus::Pending,
    };
    let line = bookings::line_for(&mut *tx, stall_id).await?;
    if line.is_empty() {
        return Ok(());
    }
    // Read once: turning people away changes neither the free stalls nor the holdings.
    let kept = households::free_all_kept(&mut *tx, market, now).await?;
    for (user_id, goods, plate) in line {
        if kept && !marks::is_marked(&mut *tx, &market.host_unit.id, &user_id).await? {
            continue;
        }
        let new = NewBooking {
            id: &new_id("b"),
            market_id: &market.id,
            stall_id,
            user_id: &user_id,
            status,
            code: "",
            goods: &goods,
            plate: plate.as_deref(),
            booked_by: None,
            now,
        };
        match book_into(&mut *tx, new).await {
            Ok(offered) => {
                bookings::leave_waitlist(&mut *tx, &market.id, &user_id).await?;
                lottery::placed_from_line(&mut *tx, &market.id, &user_id, &offered.id, now).await?;
                messages::tell_holder(tx, MessageKind::Offered, market, &offered, now).await?;
                break;
            }
            // Holding as many as allowed already: out of the line, and the next one is asked.
            Err(InsertError::AlreadyBooked) => {
                bookings::leave_waitlist(&mut *tx, &market.id, &user_id).await?;
            }
            Err(InsertError::StallTaken) => break,
            Err(InsertError::CodeClash) => return Err(StoreError::Exhausted("booking code").into()),
            Err(InsertError::Store(e)) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Offers every free stall someone waiting fits, of markets that keep none for priority
/// households now: those whose kept time has just ended, and any a race left free. Run by the
/// server's timer (`start_offering`); each stall in its own transaction.
pub async fn offer_free_stalls(db: &Db, now: i64) -> Result<(), BookingError> {
    for (market_id, stall_id) in bookings::free_with_line(db, now).await? {
        let mut tx = store::write(db, &[Claim::Market(&market_id)]).await?;
        let Some(market) = markets::get(&mut *tx, &market_id).await? else {
            continue;
        };
        offer_to_waitlist(&mut tx, &market, &stall_id, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Every `every`, [`offer_free_stalls`].
pub fn start_offering(db: Db, clock: crate::clock::Clock, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = offer_free_stalls(&db, clock.now()).await {
                tracing::warn!(%error, "free stalls not offered; tried again later");
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// One booking, for its owner or the market's organisers; `NotFound` for anyone else.
pub async fn get(ctx: &Bookings<'_>, user: &UserRecord, id: &str) -> Result<Booking, BookingError> {
    let row = bookings::get(ctx.db, id)
        .await?
        .filter(|row| may_see(user, row))
        .ok_or(BookingError::NotFound)?;
    let organiser = user.organises(&row.host_unit_id);
    Ok(with_qr(to_api(ctx, &row, ctx.now, organiser)))
}

/// The caller's bookings.
pub async fn mine(ctx: &Bookings<'_>, user: &UserRecord) -> Result<Vec<Booking>, BookingError> {
    let now = ctx.now;
    Ok(bookings::for_user(ctx.db, &user.id)
        .await?
        .iter()
        .map(|row| to_api(ctx, row, now, false))
        .collect())
}

/// A write that holds the market of booking `id`, whose rules a change to it must keep (its
/// market never changes). A booking that does not exist claims nothing: the read inside finds no
/// row and answers 404 as for anyone else's.
async fn write_on_booking(db: &Db, id: &str) -> Result<Write, StoreError> {
    let market_id = bookings::market_of(db, id).await?.unwrap_or_default();
    store::write(db, &[Claim::Market(&market_id)]).await
}

/// Cancels the caller's own booking before the deadline; cancelling again changes nothing.
pub async fn cancel(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    id: &str,
) -> Result<Booking, BookingError> {
    let now = ctx.now;
    let mut tx = write_on_booking(ctx.db, id).await?;
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
        let market = markets::get(&mut *tx, &row.market_id)
            .await?
            .ok_or(BookingError::NotFound)?;
        offer_to_waitlist(&mut tx, &market, &row.stall_id, now).await?;
    }
    let row = bookings::get(&mut *tx, id)
        .await?
        .ok_or(BookingError::NotFound)?;
    tx.commit().await?;
    Ok(to_api(ctx, &row, now, false))
}

/// Every booking of a market, with who holds it, for its organisers.
pub async fn for_market(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    market_id: &str,
) -> Result<Vec<Booking>, BookingError> {
    let market = markets::get(ctx.db, market_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    if !user.organises(&market.host_unit.id) {
        return Err(BookingError::NotYours);
    }
    let now = ctx.now;
    Ok(bookings::for_market(ctx.db, market_id)
        .await?
        .iter()
        .map(|row| to_api(ctx, row, now, true))
        .collect())
}

/// Applies an organiser's decision, recorded in the audit log. The stallholder (who may see their
/// booking) is refused with 403; anyone else gets 404.
pub async fn decide(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    id: &str,
    decision: Decision,
) -> Result<Booking, BookingError> {
    let now = ctx.now;
    let mut tx = write_on_booking(ctx.db, id).await?;
    let row = bookings::get(&mut *tx, id)
        .await?
        .filter(|row| may_see(user, row))
        .ok_or(BookingError::NotFound)?;
    if !user.organises(&row.host_unit_id) {
        return Err(BookingError::NotYours);
    }
    let (from, to, reason, action, told): (&[BookingStatus], _, _, _, _) = match decision {
        Decision::Approve => (
            &[BookingStatus::Pending],
            BookingStatus::Confirmed,
            None,
            "booking.approve",
            MessageKind::Approved,
        ),
        Decision::Reject(request) => {
            let reason = request
                .reason()
                .map_err(|_| BookingError::Invalid("reason"))?;
            (
                &[BookingStatus::Pending, BookingStatus::Confirmed],
                BookingStatus::Rejected,
                Some(reason),
                "booking.reject",
                MessageKind::Rejected,
            )
        }
        Decision::NoShow => {
            if now < row.starts_at.unix_timestamp() {
                return Err(BookingError::WrongStatus);
            }
            (
                &[BookingStatus::Confirmed],
                BookingStatus::NoShow,
                None,
                "booking.no_show",
                MessageKind::NoShow,
            )
        }
    };
    if !bookings::set_status(&mut tx, id, from, to, reason.as_deref(), now).await? {
        return Err(BookingError::WrongStatus);
    }
    let market = markets::get(&mut *tx, &row.market_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    if to == BookingStatus::Rejected {
        offer_to_waitlist(&mut tx, &market, &row.stall_id, now).await?;
    }
    audit::record(
        &mut tx,
        now,
        &user.id,
        action,
        id,
        &serde_json::json!({ "reason": reason }),
    )
    .await?;
    let row = bookings::get(&mut *tx, id)
        .await?
        .ok_or(BookingError::NotFound)?;
    messages::tell_holder(&mut tx, told, &market, &row, now).await?;
    tx.commit().await?;
    Ok(with_qr(to_api(ctx, &row, now, true)))
}

/// An organiser books for someone without a smartphone (代办): their account is found or made by
/// phone, the booking is confirmed at once, and the audit log says who did it.
pub async fn on_behalf(
    ctx: &Bookings<'_>,
    user: &UserRecord,
    market_id: &str,
    request: &OnBehalfRequest,
) -> Result<Booking, BookingError> {
    let now = ctx.now;
    let phone = Phone::parse(&request.phone).map_err(|_| BookingError::Invalid("phone"))?;
    let name = DisplayName::parse(&request.name).map_err(|_| BookingError::Invalid("name"))?;
    let market = markets::get(ctx.db, market_id)
        .await?
        .ok_or(BookingError::NotFound)?;
    if !user.organises(&market.host_unit.id) {
        return Err(BookingError::NotYours);
    }
    let fresh_id = new_id("u");
    let holder = users::find_or_create(ctx.db, &phone, &fresh_id, now).await?;
    // Only an account made just now for this booking takes the name the organiser typed: an
    // existing person's profile is theirs alone (the typed name stays in the audit entry).
    if holder.id == fresh_id {
        users::update_profile(ctx.db, &holder.id, Some(name.as_str()), None).await?;
    }
    let booking = BookingRequest {
        stall_id: request.stall_id.clone(),
        goods: request.goods.clone(),
        plate: request.plate.clone(),
    };
    let mut tx = store::write(ctx.db, &[Claim::Market(market_id)]).await?;
    let placed = place(
        ctx,
        &mut tx,
        &holder.id,
        Some(&user.id),
        market_id,
        &booking,
        now,
    )
    .await?;
    let detail = serde_json::json!({
        "for": holder.id,
        "name": name.as_str(),
        "stall": placed.stall_code,
    });
    audit::record(
        &mut tx,
        now,
        &user.id,
        "booking.on_behalf",
        &placed.id,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(placed)
}

/// What a stallholder will sell: one line of 1–100 characters.
pub(crate) fn checked_goods(goods: &str) -> Result<&str, BookingError> {
    let goods = goods.trim();
    if goods.is_empty() || goods.chars().count() > 100 || goods.chars().any(char::is_control) {
        return Err(BookingError::Invalid("goods"));
    }
    Ok(goods)
}

/// The plate typed, if any, and if it is one.
pub(crate) fn given_plate(typed: Option<&str>) -> Result<Option<Plate>, BookingError> {
    match typed.map(str::trim).filter(|p| !p.is_empty()) {
        Some(text) => Plate::parse(text)
            .map(Some)
            .ok_or(BookingError::Invalid("plate")),
        None => Ok(None),
    }
}

/// Whether the market goes ahead and takes bookings at `now`.
fn booking_open(market: &Market, now: i64) -> bool {
    market.status == MarketStatus::Scheduled && market.booking.state(now).is_open()
}

fn may_see(user: &UserRecord, row: &BookingRow) -> bool {
    row.user_id == user.id || user.organises(&row.host_unit_id)
}

fn cancel_until(row: &BookingRow) -> i64 {
    row.starts_at.unix_timestamp() - row.cancel_hours * 3600
}

/// A booking as the API gives it: the ticket only while it is confirmed; who holds it only to the
/// market's organisers (`for_organiser`).
fn to_api(ctx: &Bookings<'_>, row: &BookingRow, now: i64, for_organiser: bool) -> Booking {
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
        ticket: (row.status == BookingStatus::Confirmed).then(|| ctx.signer.ticket(row, now)),
        ticket_qr: None,
        goods: row.goods.clone(),
        plate: row.plate.clone(),
        reason: row.reason.clone(),
        market_status: row.market_status,
        market_status_reason: row.market_status_reason.clone(),
        cancel_until: row.starts_at - Duration::hours(row.cancel_hours),
        holder: for_organiser.then(|| Holder {
            name: row.holder_name.clone(),
            phone: row.holder_phone.clone(),
            on_behalf: row.on_behalf,
        }),
        arrived_at: row.arrived_at.map(china_time),
    }
}

/// The booking with its ticket drawn as a QR code, for answers about this one booking.
fn with_qr(mut booking: Booking) -> Booking {
    booking.ticket_qr = booking.ticket.as_deref().and_then(qr_svg);
    booking
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::{
        stalls,
        testing::{
            self, booth, market_open_for_booking, organiser_of, stallholder, store_with_units, NOW,
        },
    };

    #[tokio::test]
    async fn the_first_to_book_a_stall_has_it_and_the_next_is_told_it_is_taken() {
        let (_dir, db) = store_with_units().await;
        let organiser = organiser_of("hu-jiangsengqiao");
        let market = market_open_for_booking(&db, &organiser).await;
        let stall = stalls::set_layout(&db, NOW, &organiser, &market.id, vec![booth("A01")])
            .await
            .unwrap()
            .remove(0);
        let signer = testing::signer(&db).await;
        let ctx = testing::bookings(&db, &signer);
        let request = BookingRequest {
            stall_id: stall.id,
            goods: "青菜".into(),
            plate: None,
        };
        let first = stallholder(&db, "u-first", "13700137001").await;
        let second = stallholder(&db, "u-second", "13700137002").await;

        let booked = book(&ctx, &first, &market.id, &request, None)
            .await
            .unwrap();
        let taken = book(&ctx, &second, &market.id, &request, None).await;

        assert_eq!(booked.status, BookingStatus::Confirmed);
        assert!(
            booked.ticket.is_some(),
            "a confirmed booking carries its signed ticket"
        );
        assert!(matches!(taken, Err(BookingError::StallTaken)));
    }
}
