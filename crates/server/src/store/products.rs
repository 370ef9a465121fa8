//! Products, the markets that carry them, their photos, and the search index (workshops are
//! `store::workshops`).

use jishi_core::{
    market::MarketStatus,
    product::{
        Category, MarketRef, Photo, Product, ProductDraft, ProductSummary, SeasonMonths,
        WorkshopRef,
    },
    when::china_time,
};
use sqlx::{any::AnyRow, Row};

use super::{users::UserRecord, Conn, Db, Dialect, StoreError};
use crate::search;

/// Which products a list shows.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// What to search for; results are ranked by it.
    pub search: Option<search::Search>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only this workshop's.
    pub workshop: Option<String>,
    /// Only those in season in this month (1–12).
    pub in_season: Option<u8>,
    /// Only those sold at this market.
    pub market: Option<String>,
    /// The month that "in season now" means, to list those first.
    pub this_month: u8,
}

const SUMMARY: &str = "
    p.id, p.name, p.category, p.season_bits, p.price_text,
    w.id AS workshop_id, w.name AS workshop_name,
    ph.id AS photo_id, ph.width AS photo_width, ph.height AS photo_height";

const FROM: &str = "
    FROM products p
    LEFT JOIN workshops w ON w.id = p.workshop_id
    LEFT JOIN product_photos ph ON ph.product_id = p.id
        AND ph.position = (SELECT min(position) FROM product_photos WHERE product_id = p.id)";

/// Products matching `filter`: best match first when searching, else those in season first.
pub async fn list(db: &Db, filter: &ProductFilter) -> Result<Vec<ProductSummary>, StoreError> {
    let dialect = Dialect::of_pool(db);
    let search = filter.search.as_ref().map(|search| match dialect {
        Dialect::Sqlite => search.fts5(),
        Dialect::Postgres => search.tsquery(),
    });
    let (search_join, rank) = match (&search, dialect) {
        // Column weights: product_id, name_hanzi, name_endings, name_pinyin, name_initials,
        // more_hanzi, more_pinyin. Names ending with the query first, then by bm25.
        (Some(_), Dialect::Sqlite) => (
            "JOIN (SELECT product_id, bm25(product_search, 0, 10, 10, 8, 4, 2, 1) AS rank
                   FROM product_search WHERE product_search MATCH $1) s ON s.product_id = p.id
             LEFT JOIN (SELECT product_id FROM product_search WHERE product_search MATCH $6) e
                   ON e.product_id = p.id",
            "e.product_id IS NULL, s.rank,",
        ),
        // The same order from the weights of the documents (D, C, B, A), negated to sort as
        // bm25 does (lower is better).
        (Some(_), Dialect::Postgres) => (
            "JOIN (SELECT product_id,
                          -ts_rank('{0.1, 0.4, 0.8, 1.0}', characters || sounds, to_tsquery('simple', $1)) AS rank
                   FROM product_search
                   WHERE characters @@ to_tsquery('simple', $1) OR sounds @@ to_tsquery('simple', $1)) s
                 ON s.product_id = p.id
             LEFT JOIN (SELECT product_id FROM product_search
                        WHERE endings @@ to_tsquery('simple', $6) OR sounds @@ to_tsquery('simple', $6)) e
                   ON e.product_id = p.id",
            "e.product_id IS NULL, s.rank,",
        ),
        (None, _) => ("", ""),
    };
    let sql = format!(
        "SELECT {SUMMARY} {FROM} {search_join}
         -- $1 and $6 (the search) are bound in both forms of the query; this keeps them parameters.
         WHERE ($1 IS NULL OR $6 IS NULL OR TRUE) AND ($2 IS NULL OR p.category = $2)
           AND ($3 IS NULL OR p.workshop_id = $3)
           AND ($4 IS NULL OR (p.season_bits >> CAST($4 - 1 AS INTEGER)) & 1 = 1)
           AND ($7 IS NULL OR p.id IN (SELECT product_id FROM market_products WHERE market_id = $7))
         ORDER BY {rank} (p.season_bits >> CAST($5 - 1 AS INTEGER)) & 1 DESC, p.name"
    );
    let rows = sqlx::query(&sql)
        .bind(search.as_ref().map(|s| s.matches.as_str()))
        .bind(filter.category.map(Category::as_str))
        .bind(filter.workshop.as_deref())
        .bind(filter.in_season.map(i64::from))
        .bind(i64::from(filter.this_month))
        .bind(search.as_ref().map(|s| s.ends_with.as_str()))
        .bind(filter.market.as_deref())
        .fetch_all(db)
        .await?;
    rows.iter().map(to_summary).collect()
}

/// The products `user` keeps: their own, their host units' workshops', and for an admin all of
/// them; the most recently changed first.
pub async fn kept_by(db: &Db, user: &UserRecord) -> Result<Vec<ProductSummary>, StoreError> {
    let units: Vec<&str> = user.host_units.iter().map(|u| u.id.as_str()).collect();
    let units = serde_json::to_string(&units).unwrap_or_else(|_| "[]".into());
    let listed = Dialect::of_pool(db).strings_of("$3");
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY} {FROM}
         WHERE p.owner_id = $1 OR $2 OR w.host_unit_id IN ({listed})
         ORDER BY p.updated_at DESC, p.name"
    ))
    .bind(&user.id)
    .bind(user.is_admin)
    .bind(units)
    .fetch_all(db)
    .await?;
    rows.iter().map(to_summary).collect()
}

/// One product with its photos and the coming markets (from `now`) that carry it.
pub async fn get(db: &Db, id: &str, now: i64) -> Result<Option<Product>, StoreError> {
    let Some(row) = sqlx::query(&format!(
        "SELECT {SUMMARY}, p.description {FROM} WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let summary = to_summary(&row)?;
    let photos = sqlx::query(
        "SELECT id, width, height FROM product_photos WHERE product_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| photo(r.get("id"), r.get("width"), r.get("height")))
    .collect();
    let markets = sqlx::query(
        "SELECT m.id, m.title, m.starts_at, m.ends_at, m.status, v.town, v.village, s.code AS stall
         FROM market_products mp
         JOIN markets m ON m.id = mp.market_id
         JOIN venues v ON v.id = m.venue_id
         LEFT JOIN stalls s ON s.id = mp.stall_id
         WHERE mp.product_id = $1 AND m.ends_at > $2
         ORDER BY m.starts_at",
    )
    .bind(id)
    .bind(now)
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| MarketRef {
        id: r.get("id"),
        title: r.get("title"),
        starts_at: china_time(r.get("starts_at")),
        ends_at: china_time(r.get("ends_at")),
        status: MarketStatus::parse(r.get("status")).unwrap_or(MarketStatus::Scheduled),
        place: format!(
            "{} · {}",
            r.get::<String, _>("town"),
            r.get::<String, _>("village")
        ),
        stall: r.get("stall"),
    })
    .collect();
    Ok(Some(Product {
        id: summary.id,
        name: summary.name,
        category: summary.category,
        workshop: summary.workshop,
        season_months: summary.season_months,
        price_text: summary.price_text,
        description: row.get("description"),
        photos,
        markets,
    }))
}

/// Who may change a product: its owner and the organisers of its workshop's host unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keepers {
    /// The stallholder who entered it.
    pub owner_id: Option<String>,
    /// The host unit of its workshop.
    pub host_unit_id: Option<String>,
}

/// The keepers of a product, or `None` when there is no such product.
pub async fn keepers(conn: &mut Conn, id: &str) -> Result<Option<Keepers>, StoreError> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT p.owner_id, w.host_unit_id FROM products p
         LEFT JOIN workshops w ON w.id = p.workshop_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(owner_id, host_unit_id)| Keepers {
        owner_id,
        host_unit_id,
    }))
}

/// Writes a product (a new id adds it; a known one is rewritten, keeping its owner) and its entry
/// in the search index, in the caller's transaction.
pub async fn save(
    conn: &mut Conn,
    id: &str,
    draft: &ProductDraft,
    owner_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO products (id, name, category, season_bits, price_text, description, workshop_id,
             owner_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, category = excluded.category, season_bits = excluded.season_bits,
             price_text = excluded.price_text, description = excluded.description,
             workshop_id = excluded.workshop_id, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(&draft.name)
    .bind(draft.category.as_str())
    .bind(i64::from(draft.season_months.bits()))
    .bind(&draft.price_text)
    .bind(&draft.description)
    .bind(draft.workshop_id.as_deref())
    .bind(owner_id)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    reindex(conn, id).await
}

/// Rewrites a product's search entry from what the database holds now.
async fn reindex(conn: &mut Conn, id: &str) -> Result<(), StoreError> {
    let (name, description, workshop): (String, String, Option<String>) = sqlx::query_as(
        "SELECT p.name, p.description, w.name FROM products p
         LEFT JOIN workshops w ON w.id = p.workshop_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let name = search::index(&name);
    let workshop = search::index(workshop.as_deref().unwrap_or(""));
    let description = search::index(&description);
    sqlx::query("DELETE FROM product_search WHERE product_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO product_search (product_id, name_hanzi, name_endings, name_pinyin, name_initials,
             more_hanzi, more_pinyin)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&name.hanzi)
    .bind(&name.endings)
    .bind(&name.pinyin)
    .bind(&name.initials)
    .bind(format!("{} {}", workshop.hanzi, description.hanzi))
    .bind(&workshop.pinyin)
    .execute(conn)
    .await?;
    Ok(())
}

/// A photo ready to store: both sizes, JPEG.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    /// Its id.
    pub id: String,
    /// The large copy's width and height.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// The small copy.
    pub small: Vec<u8>,
    /// The large copy.
    pub large: Vec<u8>,
}

/// Adds a photo after the product's others.
pub async fn add_photo(
    conn: &mut Conn,
    product_id: &str,
    new: &NewPhoto,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO product_photos (id, product_id, position, width, height, small, large, created_at)
         VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM product_photos WHERE product_id = $3),
                 $4, $5, $6, $7, $8)",
    )
    .bind(&new.id)
    .bind(product_id)
    .bind(product_id)
    .bind(i64::from(new.width))
    .bind(i64::from(new.height))
    .bind(&new.small)
    .bind(&new.large)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many photos a product has.
pub async fn photo_count(conn: &mut Conn, product_id: &str) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM product_photos WHERE product_id = $1")
            .bind(product_id)
            .fetch_one(conn)
            .await?,
    )
}

/// The bytes of one size of a photo.
pub async fn photo_bytes(db: &Db, id: &str, large: bool) -> Result<Option<Vec<u8>>, StoreError> {
    let column = if large { "large" } else { "small" };
    Ok(sqlx::query_scalar(&format!(
        "SELECT {column} FROM product_photos WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Where the app loads a photo from.
pub fn photo(id: String, width: i64, height: i64) -> Photo {
    Photo {
        small: format!("/media/{id}-s.jpg"),
        large: format!("/media/{id}-l.jpg"),
        id,
        width: u32::try_from(width).unwrap_or(0),
        height: u32::try_from(height).unwrap_or(0),
    }
}

fn to_summary(row: &AnyRow) -> Result<ProductSummary, StoreError> {
    let category = Category::parse(row.get("category"))
        .ok_or_else(|| StoreError::Unreadable("category in products".into()))?;
    Ok(ProductSummary {
        id: row.get("id"),
        name: row.get("name"),
        category,
        workshop: row
            .get::<Option<String>, _>("workshop_id")
            .map(|id| WorkshopRef {
                id,
                name: row.get("workshop_name"),
            }),
        season_months: SeasonMonths::from_bits(
            u16::try_from(row.get::<i64, _>("season_bits")).unwrap_or(0),
        ),
        price_text: row.get("price_text"),
        photo: row
            .get::<Option<String>, _>("photo_id")
            .map(|id| photo(id, row.get("photo_width"), row.get("photo_height"))),
    })
}
