//! The key that signs check-in tickets and posters: created at the server's first start, kept in the database,
//! and its public half published so scanners verify with no network.

use std::{fmt, sync::Arc};

use ed25519_dalek::{SigningKey, VerifyingKey};
use jishi_core::{
    checkin::poster_validity,
    token::{self, Admits, Claims, TokenError},
};
use time::OffsetDateTime;

use crate::{
    ids::{new_id, random_bytes},
    store::{bookings::BookingRow, signing, Db, StoreError},
};

/// How long after its market closes a ticket still verifies (a late scan, a clock off).
const GRACE_SECS: i64 = 6 * 3600;

/// Signs tickets with the newest key; knows every key's public half.
#[derive(Clone)]
pub struct Signer {
    kid: String,
    key: Arc<SigningKey>,
    public: Arc<Vec<(String, VerifyingKey)>>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret.
        f.debug_struct("Signer").field("kid", &self.kid).finish()
    }
}

impl Signer {
    /// The database's keys, a new one made first when it has none.
    pub async fn load(db: &Db, now: i64) -> Result<Self, StoreError> {
        let fresh = (random_bytes::<32>(), new_id("k"));
        let keys: Vec<(String, SigningKey)> = signing::signing_keys(db, fresh, now)
            .await?
            .into_iter()
            .filter_map(|(kid, secret)| {
                let secret: [u8; 32] = secret.try_into().ok()?;
                Some((kid, SigningKey::from_bytes(&secret)))
            })
            .collect();
        let (kid, key) = keys
            .first()
            .cloned()
            .ok_or(StoreError::Missing("ticket signing key"))?;
        Ok(Self {
            kid,
            key: Arc::new(key),
            public: Arc::new(
                keys.iter()
                    .map(|(kid, key)| (kid.clone(), key.verifying_key()))
                    .collect(),
            ),
        })
    }

    /// The ticket of a confirmed booking: valid from now until a while after its market closes.
    pub fn ticket(&self, booking: &BookingRow, now: i64) -> String {
        let claims = Claims {
            admits: Admits::Ticket,
            kid: self.kid.clone(),
            market: booking.market_id.clone(),
            booking: Some(booking.id.clone()),
            stall: Some(booking.stall_code.clone()),
            nbf: now.min(booking.starts_at.unix_timestamp()),
            exp: booking.ends_at.unix_timestamp() + GRACE_SECS,
        };
        token::sign(&claims, &self.key)
    }

    /// A market's poster: admits visitors on the market's day (see [`poster_validity`]).
    pub fn poster(
        &self,
        market_id: &str,
        starts_at: OffsetDateTime,
        ends_at: OffsetDateTime,
    ) -> String {
        let (nbf, exp) = poster_validity(starts_at, ends_at);
        let claims = Claims {
            admits: Admits::Poster,
            kid: self.kid.clone(),
            market: market_id.to_owned(),
            booking: None,
            stall: None,
            nbf,
            exp,
        };
        token::sign(&claims, &self.key)
    }

    /// The claims of a token signed by one of our keys and valid at `now`.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        token::verify(token, &self.public, now)
    }

    /// Every key's id and public half, newest first.
    pub fn public_keys(&self) -> &[(String, VerifyingKey)] {
        &self.public
    }
}
