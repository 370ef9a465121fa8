//! One-time codes: issuing under rate limits and checking, each in one write transaction so that
//! concurrent requests are ordered by SQLite's write lock, never by a check in Rust.

use super::{Claim, Db, StoreError};

/// How many codes one phone or one client address may be sent, and when a person must prove they
/// are one (a picture challenge) instead of being refused.
#[derive(Debug, Clone, Copy)]
pub struct OtpLimits {
    /// Seconds between two codes to one phone.
    pub resend_secs: i64,
    /// Codes to one phone per rolling 24 hours before each further one needs a proven person.
    pub free_per_phone_per_day: i64,
    /// Codes from one address to one phone per rolling 24 hours before further ones need a
    /// proven person (a stranger asking for someone else's number meets this first).
    pub free_per_requester_per_day: i64,
    /// Codes to one phone per rolling 24 hours, proven or not (the SMS bill's bound).
    pub per_phone_per_day: i64,
    /// Codes requested from one address per rolling hour before further ones need a proven
    /// person (a fair shares one carrier NAT: busy, not refused).
    pub free_per_addr_per_hour: i64,
    /// Codes requested from one address per rolling hour, proven or not (floods).
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
    /// Whether the requester answered a picture challenge.
    pub proven: bool,
}

/// What issuing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issued {
    /// Stored; send it.
    Stored,
    /// Past a free allowance: send again with a challenge answered.
    NeedsProof,
    /// Refused; a new code may be asked for after this many seconds.
    Limited {
        /// Seconds to wait.
        retry_after_secs: i64,
    },
}

/// Stores a new code unless a limit forbids it. Earlier live codes keep working (a stranger's
/// request must not spoil the code the owner is typing).
pub async fn issue(
    db: &Db,
    code: NewCode<'_>,
    limits: OtpLimits,
    now: i64,
) -> Result<Issued, StoreError> {
    let claims = [Claim::Phone(code.phone), Claim::Address(code.client_addr)];
    let mut tx = super::write(db, &claims).await?;
    let (last, today, oldest_today, from_here): (Option<i64>, i64, Option<i64>, i64) =
        sqlx::query_as(
            "SELECT max(created_at), count(*), min(created_at),
                    count(*) FILTER (WHERE client_addr = $1)
             FROM otp_codes WHERE phone = $2 AND created_at > $3",
        )
        .bind(code.client_addr)
        .bind(code.phone)
        .bind(now - 86_400)
        .fetch_one(&mut *tx)
        .await?;
    let (this_hour, oldest_this_hour): (i64, Option<i64>) = sqlx::query_as(
        "SELECT count(*), min(created_at) FROM otp_codes WHERE client_addr = $1 AND created_at > $2",
    )
    .bind(code.client_addr)
    .bind(now - 3_600)
    .fetch_one(&mut *tx)
    .await?;
    let wait = |oldest: Option<i64>, window: i64| Issued::Limited {
        retry_after_secs: (oldest.unwrap_or(now) + window - now).max(1),
    };
    if let Some(last) = last {
        let wait = last + limits.resend_secs - now;
        if wait > 0 {
            return Ok(Issued::Limited {
                retry_after_secs: wait,
            });
        }
    }
    if today >= limits.per_phone_per_day {
        return Ok(wait(oldest_today, 86_400));
    }
    if this_hour >= limits.per_addr_per_hour {
        return Ok(wait(oldest_this_hour, 3_600));
    }
    let free = today < limits.free_per_phone_per_day
        && from_here < limits.free_per_requester_per_day
        && this_hour < limits.free_per_addr_per_hour;
    if !free && !code.proven {
        return Ok(Issued::NeedsProof);
    }
    sqlx::query(
        "INSERT INTO otp_codes (phone, salt, code_hash, client_addr, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
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
    sqlx::query("DELETE FROM otp_codes WHERE phone = $1 AND code_hash = $2")
        .bind(phone)
        .bind(code_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// How many of a phone's newest live codes a guess is checked against.
const LIVE_CODES_CHECKED: i64 = 3;

/// A live code of a phone, to check a guess against.
#[derive(Debug, Clone)]
pub struct LiveCode {
    /// Its salt.
    pub salt: String,
    /// Its hash.
    pub code_hash: String,
}

/// How the guesses at a phone's codes are limited.
#[derive(Debug, Clone, Copy)]
pub struct GuessLimits {
    /// Wrong guesses from one address before the phone's codes stop answering it.
    pub per_addr: i64,
    /// Wrong guesses from everyone before a code dies.
    pub in_all: i64,
    /// How far back an address's wrong guesses count (a code's lifetime).
    pub window_secs: i64,
}

/// How a guess at a phone's code was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeemed {
    /// Right: every live code of the phone is used up.
    Accepted,
    /// Wrong, but a code is still live: this address may guess this many more times.
    Wrong {
        /// Wrong guesses this address has left (its own count only: what others tried is not
        /// its business).
        tries_left: i64,
    },
    /// This address has guessed wrong too often: it may guess again once its oldest wrong guess
    /// is this many seconds older (a new code does not give its tries back).
    Locked {
        /// Seconds until it may guess again.
        retry_after_secs: i64,
    },
    /// No live code to guess at (none sent, expired, used, dead).
    Spent,
}

/// Checks a guess from `client_addr` inside one write transaction against the phone's newest live
/// codes: `matches` compares the guess with one stored hash. A right guess uses every live code of
/// the phone up. A wrong one is recorded against the address and counts against each live code; an
/// address past its wrong guesses is answered "no" without a look, and a code past everyone's dies.
pub async fn redeem(
    db: &Db,
    phone: &str,
    client_addr: &str,
    limits: GuessLimits,
    now: i64,
    matches: impl Fn(&LiveCode) -> bool,
) -> Result<Redeemed, StoreError> {
    let mut tx = super::write(db, &[Claim::Phone(phone)]).await?;
    let (wrong_from_here, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT count(*), min(at) FROM otp_guesses WHERE phone = $1 AND client_addr = $2 AND at > $3",
    )
    .bind(phone)
    .bind(client_addr)
    .bind(now - limits.window_secs)
    .fetch_one(&mut *tx)
    .await?;
    let locked = |oldest: Option<i64>| Redeemed::Locked {
        retry_after_secs: (oldest.unwrap_or(now) + limits.window_secs - now).max(1),
    };
    if wrong_from_here >= limits.per_addr {
        return Ok(locked(oldest));
    }
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, salt, code_hash FROM otp_codes
         WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3
         ORDER BY created_at DESC, id DESC LIMIT $4",
    )
    .bind(phone)
    .bind(now)
    .bind(limits.in_all)
    .bind(LIVE_CODES_CHECKED)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Ok(Redeemed::Spent);
    }
    let live: Vec<(i64, LiveCode)> = rows
        .into_iter()
        .map(|(id, salt, code_hash)| (id, LiveCode { salt, code_hash }))
        .collect();
    let ok = live.iter().any(|(_, code)| matches(code));
    if ok {
        sqlx::query("UPDATE otp_codes SET used_at = $1 WHERE phone = $2 AND used_at IS NULL")
            .bind(now)
            .bind(phone)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("DELETE FROM otp_guesses WHERE at <= $1")
            .bind(now - limits.window_secs)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO otp_guesses (phone, client_addr, at) VALUES ($1, $2, $3)")
            .bind(phone)
            .bind(client_addr)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        for (id, ..) in &live {
            sqlx::query("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(if ok {
        Redeemed::Accepted
    } else {
        // This guess counted against the address.
        match limits.per_addr - wrong_from_here - 1 {
            0 => locked(oldest.or(Some(now))),
            tries_left => Redeemed::Wrong { tries_left },
        }
    })
}
