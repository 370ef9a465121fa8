//! The demo data: real places from the article the project grew from, so a newcomer's first screen
//! looks like a real month in Zhejiang. Loaded once per database and never overwritten.

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

/// A host unit (组织单位) of the demo: id, name, town, county.
const HOST_UNITS: &[(&str, &str, &str, &str)] = &[
    ("hu-jiangsengqiao", "蒋僧桥村", "峰江街道", "台州市路桥区"),
    ("hu-jinliang", "金良社区", "新桥镇", "台州市路桥区"),
    ("hu-xiaotong", "小桐村", "桐屿街道", "台州市路桥区"),
    (
        "hu-changan",
        "长安镇共富工坊服务中心",
        "长安镇",
        "嘉兴海宁市",
    ),
    ("hu-shangping", "上坪村", "鹤塘乡", "丽水市青田县"),
    ("hu-songshi", "宋市村", "新市镇", "湖州市德清县"),
];

/// Loads the demo data in one transaction, unless this database already has it.
pub async fn load_demo(db: &Db) -> Result<Outcome, StoreError> {
    let mut tx = db.begin().await?;
    // Claiming the marker comes first, so the database decides which of two racing processes seeds;
    // the loser rolls back having written nothing.
    if !meta::claim_once(&mut tx, SEEDED_KEY).await? {
        return Ok(Outcome::AlreadyThere);
    }
    for (id, name, town, county) in HOST_UNITS {
        sqlx::query("INSERT INTO host_units (id, name, town, county) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(name)
            .bind(town)
            .bind(county)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Outcome::Loaded)
}

/// When the demo data went in, if it did.
pub async fn loaded_at(db: &Db) -> Result<Option<String>, StoreError> {
    store::meta::get(db, SEEDED_KEY).await
}
