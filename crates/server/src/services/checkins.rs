//! Check-ins at the fair. Visitors: a poster's signed token (or its printed code) and the phone's
//! random id, counted once per phone per market. Stallholders: a ticket's token (or its short code)
//! scanned at the gate by the market's organisers, recorded once per booking; each scan carries a
//! nonce, and its answer is kept, so a queue sent again by an offline scanner counts nothing twice.

use jishi_core::{
    booking::BookingStatus,
    checkin::{
        is_opaque_id, poster_validity, Arrival, Attendance, HourCount, Poster, StallCheckin,
        VisitorCheckin, VisitorWelcome,
    },
    market::{Market, MarketStatus},
    token::{Admits, TokenError},
    when::china_time,
    ErrorCode,
};
use time::OffsetDateTime;

use crate::{
    services::bookings::{qr_svg, short_code},
    startup::AppState,
    store::{
        bookings::{self, BookingRow},
        checkins, markets,
        users::UserRecord,
        StoreError,
    },
};

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

impl From<sqlx::Error> for CheckinError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

/// A token that does not verify: a good signature out of its time is "not open", anything else bad.
fn token_refusal(error: TokenError) -> CheckinError {
    match error {
        TokenError::NotYet | TokenError::Expired => CheckinError::Refused(ErrorCode::NotOpen),
        TokenError::Malformed | TokenError::UnknownKey | TokenError::BadSignature => {
            CheckinError::Refused(ErrorCode::BadToken)
        }
    }
}

/// A typed code as stored: capitals, no spaces.
fn typed_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// Whether check-in is open at a market at `now`: its day, and the market going ahead.
fn open_at(
    status: MarketStatus,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    now: i64,
) -> bool {
    let (from, until) = poster_validity(starts_at, ends_at);
    status == MarketStatus::Scheduled && (from..until).contains(&now)
}

/// Checks a visitor's phone in; `true` with the welcome when this counted them (or retried that).
pub async fn visitor(
    state: &AppState,
    request: &VisitorCheckin,
) -> Result<(bool, VisitorWelcome), CheckinError> {
    let now = state.clock.now();
    if !is_opaque_id(&request.device_id) {
        return Err(CheckinError::Invalid("device_id"));
    }
    if !is_opaque_id(&request.nonce) {
        return Err(CheckinError::Invalid("nonce"));
    }
    let market_id = match (&request.token, &request.code) {
        (Some(token), _) => {
            let claims = state.signer.verify(token, now).map_err(token_refusal)?;
            if claims.admits != Admits::Poster {
                return Err(CheckinError::Refused(ErrorCode::BadToken));
            }
            claims.market
        }
        (None, Some(code)) => checkins::market_of_poster(&state.db, &typed_code(code))
            .await?
            .ok_or(CheckinError::Refused(ErrorCode::BadToken))?,
        (None, None) => return Err(CheckinError::Invalid("token")),
    };
    let market = markets::day_of(&state.db, &market_id)
        .await?
        .ok_or(CheckinError::Refused(ErrorCode::BadToken))?;
    if !open_at(market.status, market.starts_at, market.ends_at, now) {
        return Err(CheckinError::Refused(ErrorCode::NotOpen));
    }
    let recorded = state
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
    state: &AppState,
    user: &UserRecord,
    market_id: &str,
) -> Result<Market, CheckinError> {
    let market = markets::get(&state.db, market_id)
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

/// A stallholder's ticket scanned at the gate by `user`. The same nonce again gets the first answer.
pub async fn stall(
    state: &AppState,
    user: &UserRecord,
    request: &StallCheckin,
) -> Result<Scan, CheckinError> {
    let now = state.clock.now();
    if !is_opaque_id(&request.nonce) {
        return Err(CheckinError::Invalid("nonce"));
    }
    let market = organised(state, user, &request.market_id).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some((status, body)) = checkins::scan_answer(&mut tx, &user.id, &request.nonce).await? {
        return Ok(Scan::from_kept(status, &body));
    }
    let scan = match booking_scanned(state, &mut tx, &market, request, now).await? {
        Ok(booking) => {
            // A scan queued offline counts from when it happened, never from the future.
            let at = request
                .scanned_at
                .map_or(now, |at| at.unix_timestamp().min(now));
            if booking.status == BookingStatus::NoShow {
                // Marked absent, then came after all.
                bookings::set_status(
                    &mut tx,
                    &booking.id,
                    &[BookingStatus::NoShow],
                    BookingStatus::Confirmed,
                    None,
                    now,
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
    checkins::keep_scan_answer(&mut tx, &user.id, &request.nonce, (status, &body), now).await?;
    tx.commit().await?;
    Ok(scan)
}

/// The booking a scan names, if it may come in at `market` now; else the refusal's code.
async fn booking_scanned(
    state: &AppState,
    tx: &mut sqlx::SqliteConnection,
    market: &Market,
    request: &StallCheckin,
    now: i64,
) -> Result<Result<BookingRow, ErrorCode>, CheckinError> {
    let refuse = |code| Ok(Err(code));
    let booking = match (&request.token, &request.code) {
        (Some(token), _) => {
            let claims = match state.signer.verify(token, now) {
                Ok(claims) if claims.admits == Admits::Ticket => claims,
                Ok(_) => return refuse(ErrorCode::BadToken),
                Err(error) => {
                    let CheckinError::Refused(code) = token_refusal(error) else {
                        return refuse(ErrorCode::BadToken);
                    };
                    return refuse(code);
                }
            };
            if claims.market != market.id {
                return refuse(ErrorCode::WrongMarket);
            }
            bookings::get(&mut *tx, claims.booking.as_deref().unwrap_or_default()).await?
        }
        (None, Some(code)) => bookings::by_code(&mut *tx, &typed_code(code)).await?,
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
    if !open_at(market.status, market.starts_at, market.ends_at, now) {
        return refuse(ErrorCode::NotOpen);
    }
    Ok(Ok(booking))
}

/// The poster of a market: its check-in URL under `origin` (scheme and host), token, code and QR.
pub async fn poster(
    state: &AppState,
    user: &UserRecord,
    market_id: &str,
    origin: &str,
) -> Result<Poster, CheckinError> {
    let market = organised(state, user, market_id).await?;
    let mut code = None;
    for _ in 0..5 {
        code = checkins::poster_code(&state.db, &market.id, &short_code()).await?;
        if code.is_some() {
            break;
        }
    }
    let code = code.ok_or(CheckinError::Store(StoreError::Database(
        sqlx::Error::RowNotFound,
    )))?;
    let token = state
        .signer
        .poster(&market.id, market.starts_at, market.ends_at);
    let url = format!("{origin}/checkin?t={token}");
    Ok(Poster {
        qr_svg: qr_svg(&url).unwrap_or_default(),
        url,
        token,
        code,
    })
}

/// Live counts for the market's organisers.
pub async fn attendance(
    state: &AppState,
    user: &UserRecord,
    market_id: &str,
) -> Result<Attendance, CheckinError> {
    let market = organised(state, user, market_id).await?;
    let now = state.clock.now();
    let booked = bookings::for_market(&state.db, &market.id).await?;
    let arrived = checkins::arrivals(&state.db, &market.id).await?;
    let closed = now >= market.ends_at.unix_timestamp();
    let held =
        |b: &&BookingRow| matches!(b.status, BookingStatus::Confirmed | BookingStatus::NoShow);
    let came = |b: &BookingRow| arrived.iter().any(|(id, _)| *id == b.id);
    let no_shows = booked
        .iter()
        .filter(held)
        .filter(|b| b.status == BookingStatus::NoShow || (closed && !came(b)))
        .count();
    Ok(Attendance {
        visitors: checkins::visitors(&state.db, &market.id).await?,
        booked: count(booked.iter().filter(held).count()),
        arrived: count(arrived.len()),
        no_shows: count(no_shows),
        by_hour: by_hour(
            &market,
            &checkins::visitors_by_hour(&state.db, &market.id).await?,
        ),
    })
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Every hour the market is open, and any other hour with visitors, in order.
fn by_hour(market: &Market, counted: &[(u8, i64)]) -> Vec<HourCount> {
    let china = |at: time::OffsetDateTime| at.to_offset(jishi_core::market::CHINA);
    let first = china(market.starts_at).hour();
    let ends = china(market.ends_at);
    let last = if ends.minute() == 0 && ends.hour() > first {
        ends.hour() - 1
    } else {
        ends.hour().max(first)
    };
    let mut hours: Vec<u8> = (first..=last).collect();
    hours.extend(counted.iter().map(|(hour, _)| *hour));
    hours.sort_unstable();
    hours.dedup();
    hours
        .into_iter()
        .map(|hour| HourCount {
            hour,
            visitors: counted
                .iter()
                .find(|(h, _)| *h == hour)
                .map_or(0, |(_, n)| *n),
        })
        .collect()
}

/// The attendance as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads GBK and
/// garbles the Chinese), CRLF lines, every stall booking with its arrival, then visitors by hour.
pub async fn export_csv(
    state: &AppState,
    user: &UserRecord,
    market_id: &str,
) -> Result<String, CheckinError> {
    let market = organised(state, user, market_id).await?;
    let attendance = attendance(state, user, market_id).await?;
    let booked = bookings::for_market(&state.db, &market.id).await?;
    let arrived = checkins::arrivals(&state.db, &market.id).await?;
    let mut csv = String::from("\u{feff}");
    let mut line = |cells: &[&str]| {
        let cells: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    };
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
        let at = arrived
            .iter()
            .find(|(id, _)| *id == booking.id)
            .map(|(_, at)| clock_time(*at))
            .unwrap_or_default();
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
    Ok(csv)
}

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
/// is defused so Excel never runs a typed "formula".
fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

fn clock_time(unix: i64) -> String {
    let at = china_time(unix);
    format!("{:02}:{:02}", at.hour(), at.minute())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("橘子"), "橘子");
        assert_eq!(csv_cell("橘子, 柚子"), "\"橘子, 柚子\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-5"), "'-5");
    }

    #[test]
    fn typed_codes_are_read_as_printed() {
        assert_eq!(typed_code(" 7pe hxd "), "7PEHXD");
    }
}
