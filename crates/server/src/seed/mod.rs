//! The demo data: real places from the article the project grew from, so a newcomer's first screen
//! looks like a real month in Zhejiang. Loaded once per database and never overwritten.

mod history;
mod markets;
mod places;
mod products;

use jishi_core::{
    api::HostUnitRef,
    market::MarketDraft,
    market::{BookingWindow, Contact, MarketStatus},
    monthly::YearMonth,
    product::{Category, ProductDraft, SeasonMonths},
};

use crate::store::{self, markets::MarketRow, meta, Db, StoreError};

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
    let mut tx = store::write(db, &[]).await?;
    tx.changes_public_reads();
    // Claiming the marker comes first, so the database decides which of two racing processes seeds;
    // the loser rolls back having written nothing.
    if !meta::claim_once(&mut tx, SEEDED_KEY).await? {
        return Ok(Outcome::AlreadyThere);
    }
    for (id, name, town, village, address, lat, lng) in places::VENUES {
        sqlx::query("INSERT INTO venues (id, name, town, village, address, lat, lng) VALUES ($1, $2, $3, $4, $5, $6, $7)")
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
    for (id, name, town, county, venue) in places::HOST_UNITS {
        sqlx::query(
            "INSERT INTO host_units (id, name, town, county, venue_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(name)
        .bind(town)
        .bind(county)
        .bind(venue)
        .execute(&mut *tx)
        .await?;
    }
    let today = jishi_core::when::china_time(now).date();
    let luqiao = markets::luqiao_series(YearMonth::of(today).plus(-1));
    let request = serde_json::to_string(&luqiao).unwrap_or_default();
    store::markets::insert_series(
        &mut tx,
        markets::LUQIAO_SERIES,
        &luqiao.title,
        &request,
        None,
        now,
    )
    .await?;
    let schedule = markets::schedule(today);
    for market in &schedule {
        insert_market(&mut tx, market, now).await?;
    }
    load_products(&mut tx, now).await?;
    history::load(&mut tx, &schedule, today).await?;
    tx.commit().await?;
    Ok(Outcome::Loaded)
}

/// The workshops, their products (indexed for search) and which demo markets carry them.
async fn load_products(tx: &mut crate::store::Conn, now: i64) -> Result<(), StoreError> {
    for (id, name, unit, town, village, summary, employs, (contact, phone)) in products::WORKSHOPS {
        sqlx::query(
            "INSERT INTO workshops (id, name, host_unit_id, town, village, summary, employs, contact_name,
                 contact_phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(name)
        .bind(unit)
        .bind(town)
        .bind(village)
        .bind(summary)
        .bind(employs)
        .bind(contact)
        .bind(phone)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for (id, name, category, workshop, months, price, description, markets) in products::PRODUCTS {
        let draft = ProductDraft {
            name: (*name).into(),
            category: Category::parse(category).unwrap_or(Category::Specialty),
            workshop_id: Some((*workshop).into()),
            season_months: SeasonMonths::from_months(months).unwrap_or(SeasonMonths::ALL_YEAR),
            price_text: (*price).into(),
            description: (*description).into(),
        };
        store::products::save(&mut *tx, id, &draft, None, now).await?;
        for market in *markets {
            sqlx::query(
                "INSERT INTO market_products (market_id, product_id) SELECT id, $1 FROM markets WHERE id LIKE $2",
            )
            .bind(id)
            .bind(market)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (product, markets, code) in products::STALLS {
        sqlx::query(
            "UPDATE market_products SET stall_id =
                 (SELECT s.id FROM stalls s WHERE s.market_id = market_products.market_id AND s.code = $1)
             WHERE product_id = $2 AND market_id LIKE $3",
        )
        .bind(code)
        .bind(product)
        .bind(markets)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// When the demo data went in, if it did.
pub async fn loaded_at(db: &Db) -> Result<Option<String>, StoreError> {
    store::meta::get(db, SEEDED_KEY).await
}

async fn insert_market(
    tx: &mut crate::store::Conn,
    market: &markets::DemoMarket,
    now: i64,
) -> Result<(), StoreError> {
    let venue = places::venue(market.venue);
    let draft = MarketDraft {
        title: market.title.clone(),
        kind: market.kind,
        starts_at: market.starts_at,
        ends_at: market.ends_at,
        host_unit: HostUnitRef {
            id: market.host_unit.to_owned(),
            name: String::new(),
        },
        venue,
        booking: if market.same_day_booking {
            BookingWindow {
                closes_at: market.ends_at - time::Duration::hours(1),
                ..BookingWindow::standard_for(market.starts_at, market.approval)
            }
        } else {
            BookingWindow::standard_for(market.starts_at, market.approval)
        },
        goods: market.goods.to_owned(),
        contact: Contact {
            name: market.contact.0.to_owned(),
            phone: market.contact.1.to_owned(),
        },
    };
    let row = MarketRow {
        id: &market.id,
        draft: &draft,
        status: if market.cancelled.is_some() {
            MarketStatus::Cancelled
        } else {
            MarketStatus::Scheduled
        },
        status_reason: market.cancelled,
        series_id: market.series,
    };
    crate::services::markets::save_market(&mut *tx, row, now).await?;
    for (zone, prefix, count, kind, fee_fen, power) in market.layout {
        for n in 1..=*count {
            let code = format!("{prefix}{n:02}");
            sqlx::query(
                "INSERT INTO stalls (id, market_id, code, zone, kind, fee_fen, power) VALUES ($1, $2, $3, $4, $5, $6, $7)",
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
