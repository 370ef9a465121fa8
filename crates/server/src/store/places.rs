//! Host units and venues: who hosts markets, and where.

use jishi_core::{market::HostUnit, market::Venue};
use sqlx::{any::AnyRow, Row};

use super::{Conn, Db, StoreError};
use crate::ids::new_id;

/// Every host unit with its usual venue, by name.
pub async fn host_units(db: &Db) -> Result<Vec<HostUnit>, StoreError> {
    let rows = sqlx::query(
        "SELECT h.id, h.name, h.town AS unit_town, h.county,
                v.name AS venue_name, v.town, v.village, v.address, v.lat, v.lng
         FROM host_units h LEFT JOIN venues v ON v.id = h.venue_id
         ORDER BY h.county, h.town, h.name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|row| HostUnit {
            id: row.get("id"),
            name: row.get("name"),
            town: row.get("unit_town"),
            county: row.get("county"),
            venue: venue_of(row),
        })
        .collect())
}

/// The venue columns of a row that LEFT JOINs `venues`.
fn venue_of(row: &AnyRow) -> Option<Venue> {
    row.get::<Option<String>, _>("venue_name")
        .map(|name| Venue {
            name,
            town: row.get("town"),
            village: row.get("village"),
            address: row.get("address"),
            lat: row.get("lat"),
            lng: row.get("lng"),
        })
}

/// What the store knows of a host unit a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitLookup {
    /// No such unit.
    Unknown,
    /// It exists; its usual venue, if it has one.
    Known {
        /// Its usual venue, if it has one.
        venue: Option<Venue>,
    },
}

/// Looks a host unit up inside a transaction.
pub async fn host_unit(conn: &mut Conn, id: &str) -> Result<UnitLookup, StoreError> {
    let row = sqlx::query(
        "SELECT v.name AS venue_name, v.town, v.village, v.address, v.lat, v.lng
         FROM host_units h LEFT JOIN venues v ON v.id = h.venue_id WHERE h.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some(row) => UnitLookup::Known {
            venue: venue_of(&row),
        },
        None => UnitLookup::Unknown,
    })
}

/// The id of the venue with this name, town, village and address, written now if it is new (a place
/// typed twice is one place; the unique index decides).
pub async fn venue_id(conn: &mut Conn, venue: &Venue) -> Result<String, StoreError> {
    // A place without a point is another statement, with NULL written out: sqlx 0.8.6's Any driver
    // binds a missing f64 as PostgreSQL's float4, and a connection that prepared the statement so
    // then refuses the next place's float8 ("incorrect binary data format").
    let insert = match (venue.lat, venue.lng) {
        (Some(_), Some(_)) => {
            "INSERT INTO venues (id, name, town, village, address, lat, lng) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (name, town, village, address) DO NOTHING"
        }
        _ => {
            "INSERT INTO venues (id, name, town, village, address, lat, lng) VALUES ($1, $2, $3, $4, $5, NULL, NULL)
             ON CONFLICT (name, town, village, address) DO NOTHING"
        }
    };
    let mut query = sqlx::query(insert)
        .bind(new_id("v"))
        .bind(&venue.name)
        .bind(&venue.town)
        .bind(&venue.village)
        .bind(&venue.address);
    if let (Some(lat), Some(lng)) = (venue.lat, venue.lng) {
        query = query.bind(lat).bind(lng);
    }
    query.execute(&mut *conn).await?;
    let id = sqlx::query_scalar(
        "SELECT id FROM venues WHERE name = $1 AND town = $2 AND village = $3 AND address = $4",
    )
    .bind(&venue.name)
    .bind(&venue.town)
    .bind(&venue.village)
    .bind(&venue.address)
    .fetch_one(conn)
    .await?;
    Ok(id)
}
