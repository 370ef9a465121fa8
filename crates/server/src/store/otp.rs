//! One-time codes: issuing under rate limits and checking, each in one write transaction so that
//! concurrent requests are ordered by SQLite's write lock, never by a check in Rust.

use super::{Db, StoreError};

/// How many codes one phone or one client address may be sent.
#[derive(Debug, Clone, Copy)]
pub struct OtpLimits {
    /// Seconds between two codes to one phone.
    pub resend_secs: i64,
    /// Codes to one phone per rolling 24 hours.
    pub per_phone_per_day: i64,
    /// Codes requested from one client address per rolling hour (generous: a fair shares one NAT).
    pub per_addr_per_hour: i64,
    /// Seconds a code lives.
    pub ttl_secs: i64,
}

/// A code to store: its hash and salt, never the code itself.
#[derive(Debug, Clone)]
pub struct NewCode<'a> {
    /// The 11-digit phone.
    pub phone: &'a str,
    /// Random salt, hex.
    pub salt: &'a str,
    /// `sha256(salt:phone:code)`, hex.
    pub code_hash: &'a str,
    /// Where the request came from.
    pub client_addr: &'a str,
}

/// What issuing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issued {
    /// Stored; send it.
    Stored,
    /// Refused; a new code may be asked for after this many seconds.
    Limited {
        /// Seconds to wait.
        retry_after_secs: i64,
    },
}

/// Stores a new code unless a limit forbids it; earlier live codes for the phone stop working.
pub async fn issue(
    db: &Db,
    code: NewCode<'_>,
    limits: OtpLimits,
    now: i64,
) -> Result<Issued, StoreError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (last, today): (Option<i64>, i64) = sqlx::query_as(
        "SELECT max(created_at), count(*) FROM otp_codes WHERE phone = ? AND created_at > ?",
    )
    .bind(code.phone)
    .bind(now - 86_400)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(last) = last {
        let wait = last + limits.resend_secs - now;
        if wait > 0 {
            return Ok(Issued::Limited {
                retry_after_secs: wait,
            });
        }
    }
    if today >= limits.per_phone_per_day {
        let oldest: i64 = sqlx::query_scalar(
            "SELECT min(created_at) FROM otp_codes WHERE phone = ? AND created_at > ?",
        )
        .bind(code.phone)
        .bind(now - 86_400)
        .fetch_one(&mut *tx)
        .await?;
        return Ok(Issued::Limited {
            retry_after_secs: (oldest + 86_400 - now).max(1),
        });
    }
    let (this_hour, oldest_this_hour): (i64, Option<i64>) = sqlx::query_as(
        "SELECT count(*), min(created_at) FROM otp_codes WHERE client_addr = ? AND created_at > ?",
    )
    .bind(code.client_addr)
    .bind(now - 3_600)
    .fetch_one(&mut *tx)
    .await?;
    if this_hour >= limits.per_addr_per_hour {
        return Ok(Issued::Limited {
            retry_after_secs: (oldest_this_hour.unwrap_or(now) + 3_600 - now).max(1),
        });
    }
    // Only the newest code is good: a villager who asked twice must type the last one.
    sqlx::query("UPDATE otp_codes SET used_at = ? WHERE phone = ? AND used_at IS NULL")
        .bind(now)
        .bind(code.phone)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO otp_codes (phone, salt, code_hash, client_addr, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(code.phone)
    .bind(code.salt)
    .bind(code.code_hash)
    .bind(code.client_addr)
    .bind(now)
    .bind(now + limits.ttl_secs)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Issued::Stored)
}

/// Removes a code that could not be sent, so it neither works nor counts against the limits.
pub async fn withdraw(db: &Db, phone: &str, code_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM otp_codes WHERE phone = ? AND code_hash = ?")
        .bind(phone)
        .bind(code_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// The live code of a phone, to check a guess against.
#[derive(Debug, Clone)]
pub struct LiveCode {
    id: i64,
    /// Its salt.
    pub salt: String,
    /// Its hash.
    pub code_hash: String,
}

/// Checks a guess inside one write transaction: `matches` compares the guess with the stored hash.
/// A right guess uses the code up; a wrong one counts, and the code dies at `max_attempts`.
pub async fn redeem(
    db: &Db,
    phone: &str,
    max_attempts: i64,
    now: i64,
    matches: impl FnOnce(&LiveCode) -> bool,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let live: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, salt, code_hash FROM otp_codes
         WHERE phone = ? AND used_at IS NULL AND expires_at > ? AND attempts < ?
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(phone)
    .bind(now)
    .bind(max_attempts)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, salt, code_hash)) = live else {
        return Ok(false);
    };
    let code = LiveCode {
        id,
        salt,
        code_hash,
    };
    let ok = matches(&code);
    if ok {
        sqlx::query("UPDATE otp_codes SET used_at = ? WHERE id = ?")
            .bind(now)
            .bind(code.id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = ?")
            .bind(code.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ok)
}
