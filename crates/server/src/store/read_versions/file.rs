//! The version of an SQLite file, read on a connection of its own without leaving the calling
//! thread. Through the pool, each read of it went to sqlx's worker thread and back (two switches
//! of a busy core, and the wait made reads share checks); here it is a few microseconds of shared
//! memory: SQLite's WAL index says at once whether anything was committed, by this process or any
//! other, and the counters' page is then read from the connection's own cache.

use std::{
    ffi::{c_int, CStr, CString},
    path::Path,
    ptr,
    sync::Mutex,
};

use libsqlite3_sys as ffi;

use super::{Db, StoreError, CURRENT};
use crate::store::Dialect;

/// How long a read waits for SQLite's rare exclusive moments (recovering the WAL index).
const BUSY_MS: c_int = 1_000;

/// The version of one SQLite database file, read synchronously.
pub struct FileVersions {
    reader: Mutex<Reader>,
}

impl std::fmt::Debug for FileVersions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileVersions").finish_non_exhaustive()
    }
}

impl FileVersions {
    /// A reader of the file behind `db`; `None` when `db` is not an SQLite file (PostgreSQL, or
    /// a database in memory that a second connection would not see).
    pub fn open(db: &Db) -> Option<Self> {
        if Dialect::of_pool(db) != Dialect::Sqlite {
            return None;
        }
        let options: sqlx::sqlite::SqliteConnectOptions =
            db.connect_options().database_url.as_str().parse().ok()?;
        let path = options.get_filename();
        if !path.is_file() {
            return None;
        }
        match Reader::open(path) {
            Ok(reader) => Some(Self {
                reader: Mutex::new(reader),
            }),
            Err(error) => {
                tracing::warn!(%error, "public reads check the version through the pool");
                None
            }
        }
    }

    /// The version now: every commit that returned before this call is counted.
    pub fn current(&self) -> Result<i64, StoreError> {
        self.reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .current()
    }
}

/// One connection and its one prepared statement.
struct Reader {
    db: *mut ffi::sqlite3,
    statement: *mut ffi::sqlite3_stmt,
}

// SAFETY: the library is built thread-safe (SQLITE_THREADSAFE=1, which sqlx needs as well), so a
// connection may move between threads; the Mutex in `FileVersions` keeps it to one at a time.
unsafe impl Send for Reader {}

impl Reader {
    fn open(path: &Path) -> Result<Self, StoreError> {
        let unreadable = |what: &str| StoreError::Unreadable(format!("{what} {}", path.display()));
        let filename = CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| unreadable("a path with a NUL"))?;
        let mut reader = Self {
            db: ptr::null_mut(),
            statement: ptr::null_mut(),
        };
        // SAFETY: `filename` is NUL-terminated and outlives the call; `reader.db` is written by
        // SQLite and closed by `Drop` whatever happens next (a failed open still hands back a
        // handle to close).
        let opened = unsafe {
            ffi::sqlite3_open_v2(
                filename.as_ptr(),
                &mut reader.db,
                // Read and write, never create: the server's pool made the file, and SQLite's WAL
                // index needs a connection that may write to it even to read.
                ffi::SQLITE_OPEN_READWRITE,
                ptr::null(),
            )
        };
        reader.check(opened)?;
        // SAFETY: `reader.db` is an open connection; the statement's text is NUL-terminated and
        // SQLite copies what it needs of it.
        unsafe {
            ffi::sqlite3_busy_timeout(reader.db, BUSY_MS);
            let sql = CString::new(CURRENT).map_err(|_| unreadable("a statement with a NUL"))?;
            let prepared = ffi::sqlite3_prepare_v2(
                reader.db,
                sql.as_ptr(),
                -1,
                &mut reader.statement,
                ptr::null_mut(),
            );
            reader.check(prepared)?;
        }
        Ok(reader)
    }

    fn current(&mut self) -> Result<i64, StoreError> {
        // SAFETY: `statement` was prepared on `db`, both live until `Drop`, and `&mut self` keeps
        // them to this thread. The reset ends the read transaction that the step began, so the
        // connection never holds back SQLite's checkpoints.
        unsafe {
            let stepped = ffi::sqlite3_step(self.statement);
            let version =
                (stepped == ffi::SQLITE_ROW).then(|| ffi::sqlite3_column_int64(self.statement, 0));
            let reset = ffi::sqlite3_reset(self.statement);
            match version {
                Some(version) => Ok(version),
                None => Err(self.error(if reset == ffi::SQLITE_OK {
                    stepped
                } else {
                    reset
                })),
            }
        }
    }

    fn check(&self, code: c_int) -> Result<(), StoreError> {
        if code == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(self.error(code))
        }
    }

    fn error(&self, code: c_int) -> StoreError {
        // SAFETY: SQLite's message for a connection (or for a failed open, its handle) is a
        // NUL-terminated string it owns until the next call; it is copied at once.
        let message = unsafe {
            if self.db.is_null() {
                String::new()
            } else {
                CStr::from_ptr(ffi::sqlite3_errmsg(self.db))
                    .to_string_lossy()
                    .into_owned()
            }
        };
        StoreError::Unreadable(format!("the read version (SQLite code {code}: {message})"))
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        // SAFETY: each is finalized and closed once, here; both calls take null.
        unsafe {
            ffi::sqlite3_finalize(self.statement);
            ffi::sqlite3_close(self.db);
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Connection;

    use super::*;
    use crate::store::{self, read_versions, Claim};

    #[tokio::test]
    async fn a_commit_by_the_pool_or_by_another_connection_is_seen_at_once() {
        let (dir, db) = crate::services::testing::store_with_units().await;
        let versions = FileVersions::open(&db).expect("an SQLite file");
        let before = versions.current().unwrap();
        assert_eq!(before, read_versions::current(&db).await.unwrap());

        let write = store::write(&db, &[Claim::Product("p-any")]).await.unwrap();
        write.commit().await.unwrap();
        assert_eq!(versions.current().unwrap(), before + 1);

        // Another process on the same file, as a second server or the CLI would be.
        let url = format!("sqlite://{}", dir.path().join("jishi.db").display());
        let mut other = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("UPDATE read_versions SET n = n + 5 WHERE shard = 3")
            .execute(&mut other)
            .await
            .unwrap();
        assert_eq!(versions.current().unwrap(), before + 6);
    }

    #[tokio::test]
    async fn only_a_file_is_read_directly() {
        let (_dir, db) = crate::services::testing::store_with_units().await;
        assert!(FileVersions::open(&db).is_some());
        let memory = store::connect("sqlite::memory:").await.unwrap();
        assert!(FileVersions::open(&memory).is_none());
    }
}
