//! Workshops (共富工坊): the list, one with its products, and the host unit that looks after one.

use jishi_core::{
    market::Contact,
    product::{Workshop, WorkshopSummary},
};
use sqlx::{any::AnyRow, Row};

use super::{
    products::{list, ProductFilter},
    Conn, Db, StoreError,
};

const WORKSHOP: &str =
    "SELECT id, name, town, village, summary, employs, contact_name, contact_phone, host_unit_id
     FROM workshops";

/// Every workshop, by name.
pub async fn workshops(db: &Db) -> Result<Vec<WorkshopSummary>, StoreError> {
    let rows = sqlx::query(&format!("{WORKSHOP} ORDER BY name"))
        .fetch_all(db)
        .await?;
    Ok(rows.iter().map(to_workshop_summary).collect())
}

/// One workshop with its products.
pub async fn workshop(db: &Db, id: &str, this_month: u8) -> Result<Option<Workshop>, StoreError> {
    let Some(row) = sqlx::query(&format!("{WORKSHOP} WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let summary = to_workshop_summary(&row);
    let filter = ProductFilter {
        workshop: Some(id.to_owned()),
        this_month,
        ..ProductFilter::default()
    };
    Ok(Some(Workshop {
        id: summary.id,
        name: summary.name,
        town: summary.town,
        village: summary.village,
        summary: summary.summary,
        employs: summary.employs,
        contact: Contact {
            name: row.get("contact_name"),
            phone: row.get("contact_phone"),
        },
        products: list(db, &filter).await?,
    }))
}

/// The host unit of a workshop: `None` when there is no such workshop, `Some(None)` when no unit
/// looks after it.
pub async fn workshop_unit(
    conn: &mut Conn,
    id: &str,
) -> Result<Option<Option<String>>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT host_unit_id FROM workshops WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

fn to_workshop_summary(row: &AnyRow) -> WorkshopSummary {
    WorkshopSummary {
        id: row.get("id"),
        name: row.get("name"),
        town: row.get("town"),
        village: row.get("village"),
        summary: row.get("summary"),
        employs: u32::try_from(row.get::<i64, _>("employs")).unwrap_or(0),
        host_unit_id: row.get("host_unit_id"),
    }
}
