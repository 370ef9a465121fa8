//! Check-ins at the fair. Visitors: a poster's signed token (or its printed code) and the phone's
//! random id, counted once per phone per market. Stallholders: a ticket's token (or its short code)
//! scanned at the gate by the market's organisers, recorded once per booking; each scan carries a
//! nonce, and its answer is kept, so a queue sent again by an offline scanner counts nothing twice.

use jishi_core::{
    booking::BookingStatus,
    checkin::{
        is_opaque_id, poster_validity, typed_code, Arrival, Attendance, HourCount, Poster,
        StallCheckin, VisitorCheckin, VisitorWelcome,
    },
    market::{Market, MarketStatus},
    token::{Admits, TokenError},
    when::china_time,
    ErrorCode,
};
use time::OffsetDateTime;

use crate::{
    csv::Csv,
    ids::short_code,
    qr::qr_svg,
    services::{
        idempotency::{self, IdempotencyError, Seen},
        signing::Signer,
        visitor_ledger::VisitorLedger,
    },
    store::{
        self, audit,
        bookings::{self, BookingRow},
        checkins, markets,
        users::UserRecord,
        Claim, Conn, Db, StoreError,
    },
};

/// What the check-in rules work with: the store, the ticket signer, the visitors' ledger, the
/// public origin (for the poster's URL) and the time they go by.
#[derive(Clone, Copy)]
pub struct Checkins<'a> {
    /// The store.
    pub db: &'a Db,
    /// Signs and verifies tickets and posters.
    pub signer: &'a Signer,
    /// Writes visitors' check-ins in batches.
    pub visitors: &'a VisitorLedger,
    /// Where the poster's URL points, e.g. `https://jishi.example`.
    pub origin: &'a str,
    /// Now, in unix seconds.
    pub now: i64,
}

/// Why a check-in (or a look at attendance) was refused.
#[derive(Debug, thiserror::Error)]
pub enum CheckinError {
    /// A field broke its rules.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// A refusal with its code: bad_token, not_open, wrong_market, not_confirmed.
    #[error("refused: {0:?}")]
    Refused(ErrorCode),
    /// No such market.
    #[error("not found")]
    NotFound,
    /// Not one of the market's organisers.
    #[error("not yours")]
    NotYours,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a token that does not verify is refused: a good signature out of its time is "not open",
/// anything else a bad token.
fn token_refusal(error: TokenError) -> ErrorCode {
    match error {
        TokenError::NotYet | TokenError::Expired => ErrorCode::NotOpen,
        TokenError::Malformed | TokenError::UnknownKey | TokenError::BadSignature => {
            ErrorCode::BadToken
        }
    }
}

/// Whether check-in is open at a market at `at`: its day (a postponed market's new day), and the
/// market not cancelled.
fn open_at(
    status: MarketStatus,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    at: i64,
) -> bool {
    let (from, until) = poster_validity(starts_at, ends_at);
    status != MarketStatus::Cancelled && (from..until).contains(&at)
}

/// How long after its market a gate's offline queue is still taken.
const LATE_UPLOAD_SECS: i64 = 7 * 86_400;

/// Checks a visitor's phone in; `true` with the welcome when this counted them (or retried that).
pub async fn visitor(
    ctx: &Checkins<'_>,
    request: &VisitorCheckin,
) -> Result<(bool, VisitorWelcome), CheckinError> {
    let now = ctx.now;
    if !is_opaque_id(&request.device_id) {
        return Err(CheckinError::Invalid("device_id"));
    }
    if !is_opaque_id(&request.nonce) {
        return Err(CheckinError::Invalid("nonce"));
    }
    let market_id = match (&request.token, &request.code) {
        (Some(token), _) => {
            let claims = ctx
                .signer
                .verify(token, now)
                .map_err(|e| CheckinError::Refused(token_refusal(e)))?;
            if claims.admits != Admits::Poster {
                return Err(CheckinError::Refused(ErrorCode::BadToken));
            }
            claims.market
        }
        (None, Some(code)) => checkins::market_of_poster(ctx.db, &typed_code(code))
            .await?
            .ok_or(CheckinError::Refused(ErrorCode::BadToken))?,
        (None, None) => return Err(CheckinError::Invalid("token")),
    };
    let market = markets::day_of(ctx.db, &market_id)
        .await?
        .ok_or(CheckinError::Refused(ErrorCode::BadToken))?;
    if !open_at(market.status, market.starts_at, market.ends_at, now) {
        return Err(CheckinError::Refused(ErrorCode::NotOpen));
    }
    let recorded = ctx
        .visitors
        .check_in(&market_id, &request.device_id, &request.nonce, now)
        .await?;
    let row = recorded.first;
    // The same attempt sent again (its answer lost on 3G) is still the first visit.
    let first = row.inserted || row.nonce == request.nonce;
    let welcome = VisitorWelcome {
        first,
        visitors: recorded.visitors,
        market_id,
        market_title: market.title,
        first_at: china_time(row.at),
    };
    Ok((first, welcome))
}

/// The market, when `user` organises it.
async fn organised(
    ctx: &Checkins<'_>,
    user: &UserRecord,
    market_id: &str,
) -> Result<Market, CheckinError> {
    let market = markets::get(ctx.db, market_id)
        .await?
        .ok_or(CheckinError::NotFound)?;
    if !user.organises(&market.host_unit.id) {
        return Err(CheckinError::NotYours);
    }
    Ok(market)
}

/// What a scan came to: an arrival (first or again), or a refusal; kept by nonce as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// The stallholder is in.
    Arrived(Arrival),
    /// The ticket was not accepted.
    Refused(ErrorCode),
}

impl Scan {
    /// As kept: the status and the arrival's JSON or the error code.
    fn kept(&self) -> (u16, String) {
        match self {
            Self::Arrived(arrival) => (
                if arrival.first { 201 } else { 200 },
                serde_json::to_string(arrival).unwrap_or_default(),
            ),
            Self::Refused(code) => (409, code.as_str().to_owned()),
        }
    }

    fn from_kept(status: u16, body: &str) -> Self {
        match serde_json::from_str::<Arrival>(body) {
            Ok(arrival) if status < 300 => Self::Arrived(arrival),
            _ => Self::Refused(
                serde_json::from_value(serde_json::Value::from(body)).unwrap_or(ErrorCode::Unknown),
            ),
        }
    }
}

/// Where a scan's answer is kept: with the answers to retried bookings (`Idempotency-Key`), the
/// scanner's own, under a prefix of their own.
fn scan_key(nonce: &str) -> String {
    format!("scan:{nonce}")
}

/// A stallholder's ticket scanned at the gate by `user`. The same nonce again gets the first answer.
pub async fn stall(
    ctx: &Checkins<'_>,
    user: &UserRecord,
    request: &StallCheckin,
) -> Result<Scan, CheckinError> {
    let now = ctx.now;
    if !is_opaque_id(&request.nonce) {
        return Err(CheckinError::Invalid("nonce"));
    }
    let market = organised(ctx, user, &request.market_id).await?;
    let key = scan_key(&request.nonce);
    let claims = [
        Claim::Market(&request.market_id),
        Claim::Answer {
            user_id: &user.id,
            key: &key,
        },
    ];
    let mut tx = store::write(ctx.db, &claims).await?;
    let asked = serde_json::to_string(request).unwrap_or_default();
    match idempotency::seen(&mut tx, &user.id, &key, &asked).await {
        Ok(Seen::New) => {}
        Ok(Seen::Answered(kept)) => return Ok(Scan::from_kept(kept.status, &kept.body)),
        // Another ticket under a used nonce: refused, and neither recorded nor kept.
        Err(IdempotencyError::Reused) => return Ok(Scan::Refused(ErrorCode::KeyReused)),
        Err(IdempotencyError::Store(error)) => return Err(error.into()),
    }
    // A scan queued offline is judged, and counts, as of when it happened (never the future), so a
    // queue sent after the market closed is still taken, for a week.
    let at = request
        .scanned_at
        .map_or(now, |at| at.unix_timestamp().min(now));
    let scan = match booking_scanned(ctx, &mut tx, user, &market, request, at).await? {
        Ok(_) if now > market.ends_at.unix_timestamp() + LATE_UPLOAD_SECS => {
            Scan::Refused(ErrorCode::NotOpen)
        }
        Ok(booking) => {
            if booking.status == BookingStatus::NoShow {
                // Marked absent, then came after all: confirmed again, on the record.
                bookings::set_status(
                    &mut tx,
                    &booking.id,
                    &[BookingStatus::NoShow],
                    BookingStatus::Confirmed,
                    None,
                    now,
                )
                .await?;
                let detail = serde_json::json!({ "from": "no_show", "scanned_at": at });
                audit::record(
                    &mut tx,
                    now,
                    &user.id,
                    "booking.arrived_late",
                    &booking.id,
                    &detail,
                )
                .await?;
            }
            let (first_at, first) =
                checkins::arrive(&mut tx, &booking.id, &market.id, at, &user.id, now).await?;
            Scan::Arrived(Arrival {
                first,
                first_at: china_time(first_at),
                booking_id: booking.id,
                stall_code: booking.stall_code,
                holder_name: booking.holder_name,
            })
        }
        Err(code) => Scan::Refused(code),
    };
    let (status, body) = scan.kept();
    idempotency::keep(&mut tx, &user.id, &key, asked, status, body, now).await?;
    tx.commit().await?;
    Ok(scan)
}

/// The booking a scan names, if it may come in at `market` at the time `at`; else the refusal's code.
async fn booking_scanned(
    ctx: &Checkins<'_>,
    tx: &mut Conn,
    user: &UserRecord,
    market: &Market,
    request: &StallCheckin,
    at: i64,
) -> Result<Result<BookingRow, ErrorCode>, CheckinError> {
    let refuse = |code| Ok(Err(code));
    let booking = match (&request.token, &request.code) {
        (None, Some(code)) => {
            let Some(booking) = bookings::by_code(&mut *tx, &typed_code(code)).await? else {
                return refuse(ErrorCode::BadToken);
            };
            // A typed code of a market the scanner does not organise reads as unknown: saying
            // "another market" would let anyone with a gate enumerate every market's codes.
            if booking.market_id != market.id
                && !organises_market(&mut *tx, user, &booking.market_id).await?
            {
                return refuse(ErrorCode::BadToken);
            }
            Some(booking)
        }
        (Some(token), _) => {
            let claims = match ctx.signer.verify(token, at) {
                Ok(claims) if claims.admits == Admits::Ticket => claims,
                Ok(_) => return refuse(ErrorCode::BadToken),
                Err(error) => return refuse(token_refusal(error)),
            };
            if claims.market != market.id {
                return refuse(ErrorCode::WrongMarket);
            }
            bookings::get(&mut *tx, claims.booking.as_deref().unwrap_or_default()).await?
        }
        (None, None) => return Err(CheckinError::Invalid("token")),
    };
    let Some(booking) = booking else {
        return refuse(ErrorCode::BadToken);
    };
    if booking.market_id != market.id {
        return refuse(ErrorCode::WrongMarket);
    }
    if !matches!(
        booking.status,
        BookingStatus::Confirmed | BookingStatus::NoShow
    ) {
        return refuse(ErrorCode::NotConfirmed);
    }
    if !open_at(market.status, market.starts_at, market.ends_at, at) {
        return refuse(ErrorCode::NotOpen);
    }
    Ok(Ok(booking))
}

/// Whether `user` organises the market `market_id`.
async fn organises_market(
    conn: &mut Conn,
    user: &UserRecord,
    market_id: &str,
) -> Result<bool, CheckinError> {
    Ok(markets::get(conn, market_id)
        .await?
        .is_some_and(|market| user.organises(&market.host_unit.id)))
}

/// The poster of a market: its check-in URL under the public origin, token, code and QR.
pub async fn poster(
    ctx: &Checkins<'_>,
    user: &UserRecord,
    market_id: &str,
) -> Result<Poster, CheckinError> {
    let market = organised(ctx, user, market_id).await?;
    let mut code = None;
    for _ in 0..5 {
        code = checkins::poster_code(ctx.db, &market.id, &short_code()).await?;
        if code.is_some() {
            break;
        }
    }
    let code = code.ok_or(CheckinError::Store(StoreError::Missing("poster code")))?;
    let token = ctx
        .signer
        .poster(&market.id, market.starts_at, market.ends_at);
    let url = format!("{}/checkin?t={token}", ctx.origin);
    Ok(Poster {
        qr_svg: qr_svg(&url).unwrap_or_default(),
        url,
        token,
        code,
    })
}

/// Live counts for the market's organisers.
pub async fn attendance(
    ctx: &Checkins<'_>,
    user: &UserRecord,
    market_id: &str,
) -> Result<Attendance, CheckinError> {
    let market = organised(ctx, user, market_id).await?;
    let booked = bookings::for_market(ctx.db, &market.id).await?;
    counted(ctx, &market, &booked).await
}

/// The counts of `market` from its bookings (as read by the caller) and its visitors.
async fn counted(
    ctx: &Checkins<'_>,
    market: &Market,
    booked: &[BookingRow],
) -> Result<Attendance, CheckinError> {
    let closed = ctx.now >= market.ends_at.unix_timestamp();
    let held: Vec<&BookingRow> = booked
        .iter()
        .filter(|b| matches!(b.status, BookingStatus::Confirmed | BookingStatus::NoShow))
        .collect();
    // Counted among the stalls held, so arrived and absent never overlap nor exceed booked.
    let arrived = held.iter().filter(|b| b.arrived_at.is_some()).count();
    let no_shows = held
        .iter()
        .filter(|b| b.arrived_at.is_none() && (b.status == BookingStatus::NoShow || closed))
        .count();
    Ok(Attendance {
        visitors: checkins::visitors(ctx.db, &market.id).await?,
        booked: count(held.len()),
        arrived: count(arrived),
        no_shows: count(no_shows),
        by_hour: by_hour(
            market,
            &checkins::visitors_by_hour(ctx.db, &market.id).await?,
        ),
    })
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Every hour the market is open, and any other hour with visitors, in time order (a night market's
/// midnight hour comes after its evening). `counted` is by hour slot: unix seconds / 3600.
fn by_hour(market: &Market, counted: &[(i64, i64)]) -> Vec<HourCount> {
    let first = market.starts_at.unix_timestamp().div_euclid(3600);
    let last = (market.ends_at.unix_timestamp() - 1).div_euclid(3600);
    let mut slots: Vec<i64> = (first..=last.max(first)).collect();
    slots.extend(counted.iter().map(|(slot, _)| *slot));
    slots.sort_unstable();
    slots.dedup();
    slots
        .into_iter()
        .map(|slot| HourCount {
            hour: china_time(slot * 3600).hour(),
            visitors: counted
                .iter()
                .find(|(s, _)| *s == slot)
                .map_or(0, |(_, n)| *n),
        })
        .collect()
}

/// The attendance as CSV for Excel ([`Csv`]): every stall booking with its arrival, then visitors
/// by hour.
pub async fn export_csv(
    ctx: &Checkins<'_>,
    user: &UserRecord,
    market_id: &str,
) -> Result<String, CheckinError> {
    let market = organised(ctx, user, market_id).await?;
    // One read of the bookings serves the rows and the counts, so the two always agree.
    let booked = bookings::for_market(ctx.db, &market.id).await?;
    let attendance = counted(ctx, &market, &booked).await?;
    let mut csv = Csv::new();
    let mut line = |cells: &[&str]| csv.line(cells);
    line(&[&market.title, &market.starts_at.date().to_string()]);
    line(&[
        "摊位",
        "区域",
        "摊主",
        "手机",
        "商品",
        "车牌",
        "状态",
        "到场时间",
    ]);
    for booking in &booked {
        let at = booking.arrived_at.map(clock_time).unwrap_or_default();
        line(&[
            &booking.stall_code,
            &booking.zone,
            &booking.holder_name,
            &booking.holder_phone,
            &booking.goods,
            booking.plate.as_deref().unwrap_or_default(),
            status_word(booking.status),
            &at,
        ]);
    }
    line(&[]);
    line(&["时段", "访客"]);
    for hour in &attendance.by_hour {
        let slot = format!("{:02}:00-{:02}:00", hour.hour, (hour.hour + 1) % 24);
        line(&[&slot, &hour.visitors.to_string()]);
    }
    line(&["合计", &attendance.visitors.to_string()]);
    Ok(csv.finish())
}

fn clock_time(unix: i64) -> String {
    jishi_core::when::clock(china_time(unix))
}

fn status_word(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => "待审核",
        BookingStatus::Confirmed => "已确认",
        BookingStatus::Rejected => "未通过",
        BookingStatus::Cancelled => "已取消",
        BookingStatus::NoShow => "未到场",
    }
}
