//! Stall lotteries: applying during a lottery market's booking window, withdrawing before the draw,
//! the draw itself at the window's close (by the background drawer, or by an organiser once the
//! window has closed), and the draw as published. The draw follows `jishi_core::lottery::draw`;
//! then, in drawn order, each placed applicant is booked into a free stall of the first zone they
//! asked for that has one (the lowest code; a car bay only with a plate), else any free stall that
//! fits. Those no stall fits go first in line, the others follow in drawn order, and a stall left
//! over goes to the first in line it fits.

use std::time::Duration;

use jishi_core::{
    booking::BookingStatus,
    lottery::{
        draw::{self, Seed, ALGORITHM},
        Allocation, Application, ApplicationRequest, ApplicationStatus, Draw, Drawn, Entry,
        MAX_ZONES,
    },
    market::{Market, MarketStatus, StallKind},
    message::MessageKind,
    when::china_time,
};
use rand::RngCore;

use crate::{
    clock::Clock,
    ids::new_id,
    services::{
        bookings::{book_into, checked_goods, given_plate, BookingError},
        messages,
    },
    store::{
        self,
        bookings::{self, InsertError, NewBooking},
        households,
        lottery::{self as stored, ApplicationRow, ApplyError, DrawnRow},
        markets, stalls,
        users::UserRecord,
        Claim, Conn, Db, StoreError,
    },
};

/// Why a lottery request was refused.
#[derive(Debug, thiserror::Error)]
pub enum LotteryError {
    /// A field broke its rules (its name).
    #[error("invalid {0}")]
    Invalid(&'static str),
    /// No such market or application (or one the caller may not see).
    #[error("not found")]
    NotFound,
    /// The market gives its stalls first come, or its draw is not due yet.
    #[error("not a lottery now")]
    WrongStatus,
    /// Outside the application window, or the market is not going ahead, or drawn already.
    #[error("applications closed")]
    Closed,
    /// The person has applied already.
    #[error("already applied")]
    AlreadyApplied,
    /// Not an organiser of the market's host unit.
    #[error("not yours")]
    NotYours,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<BookingError> for LotteryError {
    fn from(error: BookingError) -> Self {
        match error {
            BookingError::Invalid(field) => Self::Invalid(field),
            BookingError::Store(error) => Self::Store(error),
            _ => Self::WrongStatus,
        }
    }
}

/// A new draw's seed for a lottery market, and its commitment, written with the market.
pub async fn prepare(conn: &mut Conn, market_id: &str) -> Result<(), StoreError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let seed = Seed(bytes);
    stored::create_draw(conn, market_id, &seed.to_hex(), &seed.commitment()).await
}

/// `user` applies at `market_id`, during its window.
pub async fn apply(
    db: &Db,
    now: i64,
    user: &UserRecord,
    market_id: &str,
    request: &ApplicationRequest,
) -> Result<Application, LotteryError> {
    let goods = checked_goods(&request.goods)?;
    let plate = given_plate(request.plate.as_deref())?;
    let mut tx = store::write(db, &[Claim::Market(market_id)]).await?;
    let market = lottery_market(&mut tx, market_id).await?;
    if !open(&market, now) || drawn_already(&mut tx, market_id).await? {
        return Err(LotteryError::Closed);
    }
    let zones = wanted_zones(&mut tx, market_id, &request.zones).await?;
    let row = ApplicationRow {
        id: new_id("ap"),
        market_id: market_id.to_owned(),
        user_id: user.id.clone(),
        status: ApplicationStatus::Applied,
        goods: goods.to_owned(),
        plate: plate.map(|p| p.as_str().to_owned()),
        zones,
        priority: false,
        booking_id: None,
        created_at: now,
    };
    stored::apply(&mut tx, &row).await.map_err(|e| match e {
        ApplyError::AlreadyApplied => LotteryError::AlreadyApplied,
        ApplyError::Store(e) => LotteryError::Store(e),
    })?;
    tx.commit().await?;
    Ok(to_api(&row))
}

/// `user` withdraws their application at `market_id`, while the window is open.
pub async fn withdraw(
    db: &Db,
    now: i64,
    user: &UserRecord,
    market_id: &str,
) -> Result<(), LotteryError> {
    let mut tx = store::write(db, &[Claim::Market(market_id)]).await?;
    let market = lottery_market(&mut tx, market_id).await?;
    let mine = stored::live_of(&mut tx, market_id, &user.id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    let drawn = drawn_already(&mut tx, market_id).await?;
    if !open(&market, now) || drawn || mine.status != ApplicationStatus::Applied {
        return Err(LotteryError::Closed);
    }
    stored::set_status(
        &mut tx,
        &mine.id,
        ApplicationStatus::Applied,
        ApplicationStatus::Cancelled,
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `user`'s live application at `market_id`.
pub async fn mine(
    db: &Db,
    user: &UserRecord,
    market_id: &str,
) -> Result<Application, LotteryError> {
    let mut conn = store::read(db).await?;
    lottery_market(&mut conn, market_id).await?;
    let row = stored::live_of(&mut conn, market_id, &user.id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    let mut application = to_api(&row);
    if row.status == ApplicationStatus::Waiting {
        let place = bookings::place_in_line(&mut conn, market_id, &user.id).await?;
        application.place_in_line = place.and_then(|n| u32::try_from(n).ok());
    }
    Ok(application)
}

/// The draw of lottery market `market_id` as published: the commitment until it is drawn, then
/// the seed, the entries and the outcome.
pub async fn published(db: &Db, market_id: &str) -> Result<Draw, LotteryError> {
    let mut conn = store::read(db).await?;
    let market = lottery_market(&mut conn, market_id).await?;
    let row = stored::draw(&mut conn, market_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    let applications = stored::count_live(&mut conn, market_id).await?;
    let drawn = row.drawn.map(|drawn| Drawn {
        at: china_time(drawn.at),
        seed: row.seed.clone(),
        places: u32::try_from(drawn.places).unwrap_or_default(),
        reserved: u32::try_from(drawn.reserved).unwrap_or_default(),
        entries: drawn.entries,
        outcome: drawn.outcome,
    });
    Ok(Draw {
        market_id: market_id.to_owned(),
        algorithm: ALGORITHM.to_owned(),
        commitment: row.commitment,
        draws_at: market.booking.closes_at,
        applications: u32::try_from(applications).unwrap_or_default(),
        drawn,
    })
}

/// An organiser of the market's host unit draws once the window has closed (the drawer would, a
/// little later); drawing again gives the draw made.
pub async fn draw_now(
    db: &Db,
    now: i64,
    user: &UserRecord,
    market_id: &str,
) -> Result<Draw, LotteryError> {
    let mut conn = store::read(db).await?;
    let market = lottery_market(&mut conn, market_id).await?;
    drop(conn);
    if !user.organises(&market.host_unit.id) {
        return Err(LotteryError::NotYours);
    }
    if market.booking.state(now).is_open() || now < market.booking.opens_at.unix_timestamp() {
        return Err(LotteryError::WrongStatus);
    }
    draw_market(db, market_id, now).await?;
    let draw = published(db, market_id).await?;
    // A market called off before its draw is never drawn.
    if draw.drawn.is_none() {
        return Err(LotteryError::WrongStatus);
    }
    Ok(draw)
}

/// Draws every lottery market whose window has closed, every `every` (each server; a draw is made
/// once whichever server gets to it).
pub fn start_drawer(db: Db, clock: Clock, every: Duration) {
    tokio::spawn(async move {
        loop {
            match stored::due_draws(&db, clock.now()).await {
                Ok(due) => {
                    for market_id in due {
                        if let Err(error) = draw_market(&db, &market_id, clock.now()).await {
                            tracing::warn!(%market_id, %error, "draw failed; tried again later");
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "due draws unreadable"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Makes market `market_id`'s draw in one transaction, unless it is made: the draw, the bookings of
/// those placed, the waitlist, the applications' outcome, and a text to each applicant.
async fn draw_market(db: &Db, market_id: &str, now: i64) -> Result<(), LotteryError> {
    let mut tx = store::write(db, &[Claim::Market(market_id)]).await?;
    let market = lottery_market(&mut tx, market_id).await?;
    let row = stored::draw(&mut tx, market_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    if row.drawn.is_some() || market.status != MarketStatus::Scheduled {
        return Ok(());
    }
    let seed = Seed::from_hex(&row.seed)
        .ok_or_else(|| StoreError::Unreadable(format!("seed of {market_id}")))?;
    let mut applied = stored::with_status(&mut tx, market_id, ApplicationStatus::Applied).await?;
    // Who is a priority household is read as the draw is made, and kept with each application.
    let marked_ones = households::marked_of(&mut tx, &market.host_unit.id).await?;
    for application in &mut applied {
        let marked = marked_ones.contains(&application.user_id);
        if marked != application.priority {
            stored::set_priority(&mut tx, &application.id, marked).await?;
            application.priority = marked;
        }
    }
    let entries: Vec<Entry> = applied
        .iter()
        .map(|a| Entry {
            id: a.id.clone(),
            priority: a.priority,
        })
        .collect();
    let mut free = stalls::free_for_draw(&mut tx, market_id).await?;
    let places = free.len();
    let reserved = crate::services::households::places_still_kept(&mut tx, &market)
        .await?
        .min(places);
    let outcome = draw::draw(&seed, &entries, places, reserved);
    let by_ids: std::collections::HashMap<&str, &ApplicationRow> =
        applied.iter().map(|a| (a.id.as_str(), a)).collect();
    let by_id = |id: &str| by_ids.get(id).copied();

    // Each drawn applicant in order takes a stall; those none fits wait first in line.
    let mut line = Vec::new();
    for id in &outcome.placed {
        let Some(application) = by_id(id) else {
            continue;
        };
        let seated = match take_stall(&mut free, application) {
            Some(stall) => seat(&mut tx, &market, application, &stall.id, now).await?,
            None => false,
        };
        if !seated {
            line.push(application);
        }
    }
    line.extend(outcome.waiting.iter().filter_map(|id| by_id(id)));
    // A stall no drawn applicant could take goes to the first in line it fits.
    for stall in std::mem::take(&mut free) {
        let mut at = 0;
        while at < line.len() {
            if fits(&stall, line[at]) && seat(&mut tx, &market, line[at], &stall.id, now).await? {
                line.remove(at);
                break;
            }
            at += 1;
        }
    }
    for (rank, application) in (1..).zip(line) {
        messages::tell_in_line(&mut tx, &market, &application.user_id, rank, now).await?;
        bookings::join_waitlist(
            &mut tx,
            market_id,
            &application.user_id,
            &application.goods,
            application.plate.as_deref(),
            now,
        )
        .await?;
        stored::set_status(
            &mut tx,
            &application.id,
            ApplicationStatus::Applied,
            ApplicationStatus::Waiting,
            None,
            now,
        )
        .await?;
    }
    let drawn = DrawnRow {
        at: now,
        places: i64::try_from(places).unwrap_or(i64::MAX),
        reserved: i64::try_from(reserved).unwrap_or(i64::MAX),
        entries,
        outcome,
    };
    if stored::record_draw(&mut tx, market_id, &drawn).await? {
        tx.commit().await?;
        tracing::info!(%market_id, places, "drawn");
    }
    Ok(())
}

/// Books `application` into `stall_id`, marks it placed and texts its applicant (drawn); `false` when the
/// database refused (the stall taken, or the person holds as many stalls as the market allows).
async fn seat(
    tx: &mut Conn,
    market: &Market,
    application: &ApplicationRow,
    stall_id: &str,
    now: i64,
) -> Result<bool, LotteryError> {
    let new = NewBooking {
        id: &new_id("b"),
        market_id: &market.id,
        stall_id,
        user_id: &application.user_id,
        status: BookingStatus::Confirmed,
        code: "",
        goods: &application.goods,
        plate: application.plate.as_deref(),
        booked_by: None,
        now,
    };
    match book_into(&mut *tx, new).await {
        Ok(booking) => {
            stored::set_status(
                &mut *tx,
                &application.id,
                ApplicationStatus::Applied,
                ApplicationStatus::Placed,
                Some(&booking.id),
                now,
            )
            .await?;
            messages::tell_holder(tx, MessageKind::Drawn, market, &booking, now).await?;
            Ok(true)
        }
        Err(InsertError::StallTaken | InsertError::AlreadyBooked) => Ok(false),
        Err(InsertError::CodeClash) => Err(StoreError::Exhausted("booking code").into()),
        Err(InsertError::Store(e)) => Err(e.into()),
    }
}

/// Whether `application` may take `stall` (a car bay needs a plate).
fn fits(stall: &stalls::FreeStall, application: &ApplicationRow) -> bool {
    stall.kind == StallKind::Booth || application.plate.is_some()
}

/// The free stall `application` gets: in the first zone it asked for that has one that fits, else
/// any that fits; lowest code first (the stalls come ordered by zone and code).
fn take_stall(
    free: &mut Vec<stalls::FreeStall>,
    application: &ApplicationRow,
) -> Option<stalls::FreeStall> {
    let for_it = |s: &stalls::FreeStall| fits(s, application);
    let at = application
        .zones
        .iter()
        .find_map(|zone| free.iter().position(|s| &s.zone == zone && for_it(s)))
        .or_else(|| free.iter().position(for_it))?;
    Some(free.remove(at))
}

/// The market, if it gives its stalls by lottery.
async fn lottery_market(conn: &mut Conn, market_id: &str) -> Result<Market, LotteryError> {
    let market = markets::get(&mut *conn, market_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    match market.booking.allocation {
        Allocation::Lottery => Ok(market),
        Allocation::FirstCome => Err(LotteryError::WrongStatus),
    }
}

/// Whether the market's draw is made (its window may have been moved since, or a server's clock
/// be behind another's): then no application comes or goes.
async fn drawn_already(conn: &mut Conn, market_id: &str) -> Result<bool, LotteryError> {
    let row = stored::draw(conn, market_id).await?;
    Ok(row.is_some_and(|row| row.drawn.is_some()))
}

/// Whether applications are taken at `now`.
fn open(market: &Market, now: i64) -> bool {
    market.status == MarketStatus::Scheduled && market.booking.state(now).is_open()
}

/// The zones asked for: at most three different zones of the market's stalls.
async fn wanted_zones(
    conn: &mut Conn,
    market_id: &str,
    asked: &[String],
) -> Result<Vec<String>, LotteryError> {
    let zones: Vec<String> = asked.iter().map(|z| z.trim().to_owned()).collect();
    let known = stalls::zones(conn, market_id).await?;
    let repeated = zones
        .iter()
        .enumerate()
        .any(|(i, z)| zones[..i].contains(z));
    if zones.len() > MAX_ZONES || repeated || zones.iter().any(|z| !known.contains(z)) {
        return Err(LotteryError::Invalid("zones"));
    }
    Ok(zones)
}

fn to_api(row: &ApplicationRow) -> Application {
    Application {
        id: row.id.clone(),
        market_id: row.market_id.clone(),
        status: row.status,
        goods: row.goods.clone(),
        plate: row.plate.clone(),
        zones: row.zones.clone(),
        applied_at: china_time(row.created_at),
        booking_id: row.booking_id.clone(),
        place_in_line: None,
    }
}

/// What `jishi-server verify-draw` finds when it runs a market's draw again from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Not drawn yet: only the commitment is published.
    NotDrawn,
    /// Drawn: the check of the seed against the commitment and of the result against the draw of
    /// the applications the database holds; and whether those are the ones published.
    Drawn {
        check: draw::Check,
        same_applications: bool,
        applications: usize,
    },
}

/// Runs market `market_id`'s draw again from the database: its seed and commitment, and the
/// applications that were in it (placed or waiting), against the result it recorded.
pub async fn verify(db: &Db, market_id: &str) -> Result<Verification, LotteryError> {
    let mut conn = store::read(db).await?;
    let row = stored::draw(&mut conn, market_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    let Some(drawn) = row.drawn else {
        return Ok(Verification::NotDrawn);
    };
    let mut entries = Vec::new();
    for status in [ApplicationStatus::Placed, ApplicationStatus::Waiting] {
        for application in stored::with_status(&mut conn, market_id, status).await? {
            entries.push(Entry {
                id: application.id,
                priority: application.priority,
            });
        }
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    let check = match Seed::from_hex(&row.seed) {
        Some(seed) => draw::check(
            &row.commitment,
            &seed,
            &entries,
            usize::try_from(drawn.places).unwrap_or_default(),
            usize::try_from(drawn.reserved).unwrap_or_default(),
            &drawn.outcome,
        ),
        None => draw::Check::WrongSeed,
    };
    Ok(Verification::Drawn {
        check,
        same_applications: entries == drawn.entries,
        applications: entries.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stall(id: &str, zone: &str, kind: StallKind) -> stalls::FreeStall {
        stalls::FreeStall {
            id: id.into(),
            zone: zone.into(),
            kind,
        }
    }

    fn applicant(zones: &[&str], plate: bool) -> ApplicationRow {
        ApplicationRow {
            id: "ap-1".into(),
            market_id: "m-1".into(),
            user_id: "u-1".into(),
            status: ApplicationStatus::Applied,
            goods: "枇杷".into(),
            plate: plate.then(|| "浙J12345".into()),
            zones: zones.iter().map(|z| z.to_string()).collect(),
            priority: false,
            booking_id: None,
            created_at: 0,
        }
    }

    #[test]
    fn a_winner_gets_the_first_zone_asked_for_that_has_a_stall_that_fits() {
        let free = || {
            vec![
                stall("a01", "A区", StallKind::Booth),
                stall("a02", "A区", StallKind::Booth),
                stall("b01", "B区", StallKind::CarBay),
            ]
        };
        let taken = |zones: &[&str], plate: bool| {
            take_stall(&mut free(), &applicant(zones, plate)).map(|s| s.id)
        };
        assert_eq!(taken(&["B区", "A区"], true).as_deref(), Some("b01"));
        // A car bay needs a plate: the next zone asked for, then any that fits.
        assert_eq!(taken(&["B区", "A区"], false).as_deref(), Some("a01"));
        assert_eq!(taken(&["B区"], false).as_deref(), Some("a01"));
        assert_eq!(taken(&[], true).as_deref(), Some("a01"));
        // Only a car bay left, and no plate: no stall fits; the winner waits first in line.
        let mut bay_only = vec![stall("b01", "B区", StallKind::CarBay)];
        assert!(take_stall(&mut bay_only, &applicant(&["A区"], false)).is_none());
        assert_eq!(bay_only.len(), 1);
    }
}
