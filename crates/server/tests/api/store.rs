//! The store against a real SQLite file: pragmas, migrations, and demo data loaded once.

use jishi_server::{seed, store};
use tempfile::TempDir;

use crate::helpers::sqlite_url;

/// 2026-11-29 09:00 in China.
const NOW: i64 = 1_795_914_000;

#[tokio::test]
async fn the_database_runs_in_wal_mode_with_full_sync_and_foreign_keys() {
    let dir = TempDir::new().unwrap();
    let db = store::connect(&sqlite_url(dir.path())).await.unwrap();

    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&db)
        .await
        .unwrap();
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&db)
        .await
        .unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&db)
        .await
        .unwrap();

    assert_eq!(journal, "wal");
    assert_eq!(synchronous, 2, "FULL");
    assert_eq!(foreign_keys, 1);
}

#[tokio::test]
async fn demo_data_is_loaded_once_and_never_overwritten() {
    let dir = TempDir::new().unwrap();
    let db = store::connect(&sqlite_url(dir.path())).await.unwrap();

    assert_eq!(
        seed::load_demo(&db, NOW).await.unwrap(),
        seed::Outcome::Loaded
    );
    sqlx::query("UPDATE host_units SET name = '改过的名字' WHERE id = 'hu-xiaotong'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        seed::load_demo(&db, NOW).await.unwrap(),
        seed::Outcome::AlreadyThere
    );

    let units: i64 = sqlx::query_scalar("SELECT count(*) FROM host_units")
        .fetch_one(&db)
        .await
        .unwrap();
    let edited: String = sqlx::query_scalar("SELECT name FROM host_units WHERE id = 'hu-xiaotong'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(units >= 3, "{units}");
    assert_eq!(edited, "改过的名字");
    assert!(seed::loaded_at(&db).await.unwrap().is_some());
}

#[tokio::test]
async fn connecting_again_keeps_the_data_and_migrations_are_idempotent() {
    let dir = TempDir::new().unwrap();
    let url = sqlite_url(dir.path());
    let first = store::connect(&url).await.unwrap();
    seed::load_demo(&first, NOW).await.unwrap();
    first.close().await;

    let second = store::connect(&url).await.unwrap();

    assert!(seed::loaded_at(&second).await.unwrap().is_some());
}

#[tokio::test]
async fn only_sqlite_urls_are_accepted() {
    let error = store::connect("mysql://localhost/jishi").await.unwrap_err();

    assert!(
        matches!(error, store::StoreError::UnsupportedUrl(_)),
        "{error:?}"
    );
}
