//! Accounts: login by one-time code, sessions, and who the caller is.

use base64::Engine;
use jishi_core::{
    api::{OtpRequest, OtpSent, Session, User},
    auth::{
        OtpCode, OTP_MAX_ATTEMPTS, OTP_MAX_ATTEMPTS_IN_ALL, OTP_RESEND_SECS, OTP_TTL_SECS,
        SESSION_TTL_SECS,
    },
    Phone,
};
use sha2::{Digest, Sha256};

use crate::{
    ids::{hex, new_id, random_bytes},
    services::challenges::Challenges,
    sms::Sms,
    store::{
        otp::{self, GuessLimits, Issued, NewCode, OtpLimits, Redeemed},
        sessions,
        users::{self, UserRecord},
        Db, StoreError,
    },
};

/// What logging in works with: the store, the SMS sender, the picture challenges, and the time.
#[derive(Clone, Copy)]
pub struct Accounts<'a> {
    /// The store.
    pub db: &'a Db,
    /// Where login codes go.
    pub sms: &'a Sms,
    /// Proof of a person, past a day's free codes.
    pub challenges: &'a Challenges,
    /// Now, in unix seconds.
    pub now: i64,
}

/// The limits in force (README, "Login limits"): one code a minute per phone; past five a day per
/// phone, three a day from one address to one phone, or thirty an hour from one address, each
/// further code needs a picture challenge answered; thirty a day per phone and six hundred an hour
/// per address at most. No stranger can use up an owner's day: past the free sends the owner, a
/// person, still gets codes, and codes already sent keep working.
pub const LIMITS: OtpLimits = OtpLimits {
    resend_secs: OTP_RESEND_SECS,
    free_per_phone_per_day: 5,
    free_per_requester_per_day: 3,
    per_phone_per_day: 30,
    free_per_addr_per_hour: 30,
    per_addr_per_hour: 600,
    ttl_secs: OTP_TTL_SECS,
};

/// Why a login step failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Not a mainland mobile number.
    #[error("invalid phone")]
    InvalidPhone,
    /// Too many codes; try again after this many seconds.
    #[error("rate limited for {0} s")]
    RateLimited(i64),
    /// Past the free sends: answer a picture challenge.
    #[error("challenge required")]
    ChallengeRequired,
    /// The challenge's answer is wrong, or the challenge used or expired.
    #[error("bad challenge")]
    BadChallenge,
    /// Too many wrong codes from this address: it may try again after this many seconds.
    #[error("too many wrong codes; wait {0} s")]
    TooManyTries(i64),
    /// The code is not six digits.
    #[error("malformed code")]
    MalformedCode,
    /// Expired, used or dead code, or no code was sent.
    #[error("bad code")]
    BadCode,
    /// Not the code sent; it may be typed again this many more times from this address. (Saying
    /// so tells a guesser only that a code is live, which a person who mistyped needs to know.)
    #[error("wrong code, {tries_left} tries left")]
    WrongCode {
        /// Wrong tries left before the code stops answering this address.
        tries_left: u32,
    },
    /// No valid session.
    #[error("not logged in")]
    Unauthorized,
    /// The code was stored but could not be sent.
    #[error("could not send the SMS")]
    Sms(#[from] crate::sms::SmsError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Sends a fresh code to the request's phone unless a limit says wait, or says prove you are a
/// person first.
pub async fn send_code(
    ctx: &Accounts<'_>,
    request: &OtpRequest,
    client_addr: &str,
) -> Result<OtpSent, AccountError> {
    let phone = Phone::parse(&request.phone).map_err(|_| AccountError::InvalidPhone)?;
    let proven = match &request.challenge {
        Some(answer) => {
            if !ctx.challenges.check(ctx.db, answer, ctx.now).await? {
                return Err(AccountError::BadChallenge);
            }
            true
        }
        None => false,
    };
    let code = random_code();
    let salt = hex(&random_bytes::<16>());
    let code_hash = hash_code(&salt, &phone, &code);
    let new = NewCode {
        phone: phone.as_str(),
        salt: &salt,
        code_hash: &code_hash,
        client_addr,
        proven,
    };
    match otp::issue(ctx.db, new, LIMITS, ctx.now).await? {
        Issued::Limited { retry_after_secs } => Err(AccountError::RateLimited(retry_after_secs)),
        Issued::NeedsProof => Err(AccountError::ChallengeRequired),
        Issued::Stored => {
            if let Err(error) = ctx.sms.send_code(&phone, &code).await {
                // Undelivered: withdraw it, so the person may try again at once.
                otp::withdraw(ctx.db, phone.as_str(), &code_hash).await?;
                return Err(error.into());
            }
            tracing::info!(phone = %phone.masked(), "login code sent");
            Ok(OtpSent {
                resend_after_secs: LIMITS.resend_secs,
                expires_in_secs: LIMITS.ttl_secs,
            })
        }
    }
}

/// Exchanges a right code for a new session; creates the user at first login. Wrong guesses count
/// against the address they come from (and, bounded, against the code).
pub async fn log_in(
    ctx: &Accounts<'_>,
    phone: &str,
    code: &str,
    client_addr: &str,
) -> Result<Session, AccountError> {
    let phone = Phone::parse(phone).map_err(|_| AccountError::InvalidPhone)?;
    // Not six digits cannot be the code sent, and costs no try.
    let code = OtpCode::parse(code).ok_or(AccountError::MalformedCode)?;
    let now = ctx.now;
    let limits = GuessLimits {
        per_addr: OTP_MAX_ATTEMPTS,
        in_all: OTP_MAX_ATTEMPTS_IN_ALL,
        window_secs: OTP_TTL_SECS,
    };
    let redeemed = otp::redeem(ctx.db, phone.as_str(), client_addr, limits, now, |live| {
        hash_code(&live.salt, &phone, code.as_str()) == live.code_hash
    })
    .await?;
    match redeemed {
        Redeemed::Accepted => {}
        Redeemed::Spent => return Err(AccountError::BadCode),
        // Past its wrong tries an address waits; a new code would not help, so none is offered.
        Redeemed::Locked { retry_after_secs } => {
            return Err(AccountError::TooManyTries(retry_after_secs))
        }
        Redeemed::Wrong { tries_left } => {
            return Err(AccountError::WrongCode {
                tries_left: u32::try_from(tries_left).unwrap_or(0),
            })
        }
    }
    let user = users::find_or_create(ctx.db, &phone, &new_id("u"), now).await?;
    let token = new_session(ctx, &user.id).await?;
    tracing::info!(user = %user.id, "logged in");
    Ok(Session {
        token,
        user: to_api(&user),
    })
}

/// Starts a session for a user and returns its token (also used by `jishi-server token`).
pub async fn new_session(ctx: &Accounts<'_>, user_id: &str) -> Result<String, AccountError> {
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>());
    sessions::create(
        ctx.db,
        &hash_token(&token),
        user_id,
        ctx.now,
        SESSION_TTL_SECS,
    )
    .await?;
    Ok(token)
}

/// The user behind a bearer token; each use extends the session by the full 30 days.
pub async fn authenticate(ctx: &Accounts<'_>, token: &str) -> Result<UserRecord, AccountError> {
    let user_id = sessions::touch(ctx.db, &hash_token(token), ctx.now, SESSION_TTL_SECS)
        .await?
        .ok_or(AccountError::Unauthorized)?;
    users::get(ctx.db, &user_id)
        .await?
        .ok_or(AccountError::Unauthorized)
}

/// Ends the session of this token; `unauthorized` when it is no session (never was, or ended).
pub async fn log_out(ctx: &Accounts<'_>, token: &str) -> Result<(), AccountError> {
    if sessions::delete(ctx.db, &hash_token(token)).await? {
        Ok(())
    } else {
        Err(AccountError::Unauthorized)
    }
}

/// A user as the API shows them to themselves.
pub fn to_api(user: &UserRecord) -> User {
    let phone = Phone::parse(&user.phone).map_or_else(|_| user.phone.clone(), |p| p.masked());
    User {
        id: user.id.clone(),
        name: user.name.clone(),
        phone,
        village: user.village.clone(),
        roles: user.roles(),
        host_units: user.host_units.clone(),
        priority_of: Vec::new(),
    }
}

/// Six digits from the operating system's CSPRNG, uniform (rejection sampling, no modulo bias).
fn random_code() -> String {
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

fn hash_code(salt: &str, phone: &Phone, code: &str) -> String {
    hex(&Sha256::digest(format!("{salt}:{phone}:{code}")))
}

fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| random_code()).collect();
        assert!(
            codes.iter().all(|c| OtpCode::parse(c).is_some()),
            "{codes:?}"
        );
        // 200 draws from a million: a repeat-heavy set would mean a broken generator.
        assert!(codes.len() > 190, "{}", codes.len());
    }

    #[test]
    fn a_code_hash_depends_on_salt_phone_and_code() {
        let phone = Phone::parse("13800138000").unwrap();
        let other = Phone::parse("13900139000").unwrap();
        let base = hash_code("s1", &phone, "123456");
        assert_eq!(base, hash_code("s1", &phone, "123456"));
        assert_ne!(base, hash_code("s2", &phone, "123456"));
        assert_ne!(base, hash_code("s1", &other, "123456"));
        assert_ne!(base, hash_code("s1", &phone, "123457"));
        assert!(!base.contains("123456"));
    }
}
