//! The demo data: real places from the article the project grew from, so a newcomer's first screen
//! looks like a real month in Zhejiang. Loaded once per database and never overwritten.

mod markets;
mod places;

use crate::store::{self, meta, Db, StoreError};

/// What `load_demo` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// This call loaded the data.
    Loaded,
    /// The database had it already (or another process won the race); nothing was written.
    AlreadyThere,
}

/// The marker row in `app_meta` that says the demo data is in.
const SEEDED_KEY: &str = "demo_seeded_at";

/// Loads the demo data in one transaction, unless this database already has it. The schedule is
/// laid out around `now` (unix seconds).
pub async fn load_demo(db: &Db, now: i64) -> Result<Outcome, StoreError> {
    let mut tx = db.begin().await?;
    // Claiming the marker comes first, so the database decides which of two racing processes seeds;
    // the loser rolls back having written nothing.
    if !meta::claim_once(&mut tx, SEEDED_KEY).await? {
        return Ok(Outcome::AlreadyThere);
    }
    for (id, name, town, county) in places::HOST_UNITS {
        sqlx::query("INSERT INTO host_units (id, name, town, county) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(name)
            .bind(town)
            .bind(county)
            .execute(&mut *tx)
            .await?;
    }
    for (id, name, town, village, address, lat, lng) in places::VENUES {
        sqlx::query("INSERT INTO venues (id, name, town, village, address, lat, lng) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(id)
            .bind(name)
            .bind(town)
            .bind(village)
            .bind(address)
            .bind(lat)
            .bind(lng)
            .execute(&mut *tx)
            .await?;
    }
    let today = jishi_core::when::china_time(now).date();
    for market in markets::schedule(today) {
        insert_market(&mut tx, &market, now).await?;
    }
    tx.commit().await?;
    Ok(Outcome::Loaded)
}

/// When the demo data went in, if it did.
pub async fn loaded_at(db: &Db) -> Result<Option<String>, StoreError> {
    store::meta::get(db, SEEDED_KEY).await
}

async fn insert_market(
    tx: &mut sqlx::SqliteConnection,
    market: &markets::DemoMarket,
    now: i64,
) -> Result<(), StoreError> {
    let starts = market.starts_at.unix_timestamp();
    // Booking opens two weeks ahead at 9:00 and closes at 18:00 the evening before.
    let day_start = starts
        - i64::from(market.starts_at.hour()) * 3600
        - i64::from(market.starts_at.minute()) * 60;
    let opens = day_start - 14 * 86_400 + 9 * 3600;
    let closes = day_start - 86_400 + 18 * 3600;
    sqlx::query(
        "INSERT INTO markets (id, title, kind, starts_at, ends_at, status, status_reason, host_unit_id,
             venue_id, goods, contact_name, contact_phone, booking_opens_at, booking_closes_at, approval,
             series_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&market.id)
    .bind(&market.title)
    .bind(market.kind)
    .bind(starts)
    .bind(market.ends_at.unix_timestamp())
    .bind(if market.cancelled.is_some() { "cancelled" } else { "scheduled" })
    .bind(market.cancelled)
    .bind(market.host_unit)
    .bind(market.venue)
    .bind(market.goods)
    .bind(market.contact.0)
    .bind(market.contact.1)
    .bind(opens)
    .bind(closes)
    .bind(market.approval)
    .bind(market.series)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (zone, prefix, count, kind, fee_fen, power) in market.layout {
        for n in 1..=*count {
            let code = format!("{prefix}{n:02}");
            sqlx::query(
                "INSERT INTO stalls (id, market_id, code, zone, kind, fee_fen, power) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(format!("{}-{code}", market.id))
            .bind(&market.id)
            .bind(&code)
            .bind(zone)
            .bind(kind)
            .bind(fee_fen)
            .bind(i64::from(*power))
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}
