//! What the services' unit tests share: a store of their own with the demo's host units, and an
//! organiser. No app, no HTTP: a service takes the store and the time it is given.

use jishi_core::{api::HostUnitRef, Phone};

use crate::store::{self, users::UserRecord, Db};

/// 2026-12-01 09:00 in China.
pub const NOW: i64 = 1_796_086_800;

/// A user who organises `unit`, as the store has them after [`store_with_units`] (`13900139000`).
pub fn organiser_of(unit: &str) -> UserRecord {
    UserRecord {
        id: "u-test".into(),
        phone: "13900139000".into(),
        name: String::new(),
        village: String::new(),
        is_admin: false,
        host_units: vec![HostUnitRef {
            id: unit.into(),
            name: String::new(),
        }],
    }
}

/// A user who organises nothing, stored with `id` and `phone`.
pub async fn stallholder(db: &Db, id: &str, phone: &str) -> UserRecord {
    let phone = Phone::parse(phone).unwrap();
    store::users::find_or_create(db, &phone, id, NOW)
        .await
        .unwrap()
}

/// A store of its own, with the demo's host units and the user of [`organiser_of`] (the audit
/// log names who did what). Keep the directory alive as long as the store.
pub async fn store_with_units() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("jishi.db").display());
    let db = store::connect(&url).await.unwrap();
    crate::seed::load_demo(&db, NOW).await.unwrap();
    stallholder(&db, "u-test", "13900139000").await;
    (dir, db)
}
