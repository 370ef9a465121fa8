//! What a write claims, so that writes which must be decided one at a time are, on PostgreSQL.

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock, Mutex, Weak},
};

use sha2::{Digest, Sha256};
use tokio::sync::OwnedMutexGuard;

/// What a write transaction has to itself while it runs: every other write that claims the same
/// thing waits for it to end. SQLite's `BEGIN IMMEDIATE` already gives each write the whole
/// database; on PostgreSQL each claim is a transaction-scoped advisory lock, so writes to different
/// markets run side by side on every instance while the rules of one market (one stall per
/// booking, the per-person cap, the waitlist's order, a kept answer) are decided one at a time.
/// Within one process, writes queue for their claims before they take a connection ([`hold`]), so
/// the pool is never spent on waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim<'a> {
    /// A market: its bookings, waitlist, stalls, check-ins and its own row.
    Market(&'a str),
    /// A product: its fields, photos and search entry.
    Product(&'a str),
    /// The codes sent to one phone and the guesses at them.
    Phone(&'a str),
    /// The codes one address has asked for.
    Address(&'a str),
    /// A user's kept answer under one idempotency key.
    Answer {
        /// Whose key.
        user_id: &'a str,
        /// The key.
        key: &'a str,
    },
    /// A host unit: the markets a series adds to it.
    HostUnit(&'a str),
    /// A row the server keeps once for all instances (its signing key, a secret).
    Singleton(&'a str),
}

impl Claim<'_> {
    /// Whether a write holding this claim changes what public reads show: a market (its fields,
    /// stalls and the bookings its free count reflects), a product, a host unit's markets.
    pub fn changes_public_reads(&self) -> bool {
        matches!(self, Self::Market(_) | Self::Product(_) | Self::HostUnit(_))
    }

    /// The read-version counter a write holding this claim bumps.
    pub fn shard(&self) -> i64 {
        self.lock_key().rem_euclid(super::read_versions::SHARDS)
    }

    /// The advisory lock's number: the first 8 bytes of a hash of the claim, the same on every
    /// instance.
    fn lock_key(&self) -> i64 {
        let text = match self {
            Self::Market(id) => format!("market\0{id}"),
            Self::Product(id) => format!("product\0{id}"),
            Self::Phone(phone) => format!("phone\0{phone}"),
            Self::Address(addr) => format!("address\0{addr}"),
            Self::Answer { user_id, key } => format!("answer\0{user_id}\0{key}"),
            Self::HostUnit(id) => format!("host_unit\0{id}"),
            Self::Singleton(name) => format!("singleton\0{name}"),
        };
        let digest = Sha256::digest(text.as_bytes());
        i64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
    }
}

/// This process's turns at some claims: held from before the transaction takes a connection until
/// it ends.
#[derive(Default)]
pub struct Held {
    keys: Vec<i64>,
    _turns: Vec<OwnedMutexGuard<()>>,
}

impl Held {
    /// The advisory locks to take, in the one order every transaction takes them in (so two that
    /// claim the same pair cannot deadlock).
    pub fn keys(&self) -> &[i64] {
        &self.keys
    }
}

/// One queue per claimed thing in this process; a queue nobody waits in is dropped.
static QUEUES: LazyLock<Mutex<HashMap<i64, Weak<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(Mutex::default);

/// Waits for this process's turn at each of `claims`, in key order.
pub async fn hold(claims: &[Claim<'_>]) -> Held {
    let mut keys: Vec<i64> = claims.iter().map(Claim::lock_key).collect();
    keys.sort_unstable();
    keys.dedup();
    let queues: Vec<Arc<tokio::sync::Mutex<()>>> = {
        let mut all = QUEUES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Forget the queues of things no one waits for any more, so the map stays as small as
        // what is claimed at once.
        if all.len() > 1_024 {
            all.retain(|_, queue| queue.strong_count() > 0);
        }
        keys.iter()
            .map(|key| {
                all.get(key).and_then(Weak::upgrade).unwrap_or_else(|| {
                    let queue = Arc::new(tokio::sync::Mutex::new(()));
                    all.insert(*key, Arc::downgrade(&queue));
                    queue
                })
            })
            .collect()
    };
    let mut turns = Vec::with_capacity(queues.len());
    for queue in queues {
        turns.push(queue.lock_owned().await);
    }
    Held {
        keys,
        _turns: turns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_of_different_things_lock_differently_and_alike_on_every_instance() {
        let market = Claim::Market("m-1").lock_key();
        assert_eq!(market, Claim::Market("m-1").lock_key());
        assert_ne!(market, Claim::Market("m-2").lock_key());
        assert_ne!(market, Claim::Product("m-1").lock_key());
    }

    #[tokio::test]
    async fn a_second_claim_of_the_same_market_waits_for_the_first_and_others_do_not() {
        let first = hold(&[Claim::Market("m-1")]).await;
        let other = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            hold(&[Claim::Market("m-2"), Claim::Phone("13700137000")]),
        )
        .await;
        assert!(other.is_ok(), "another market is not held up");
        let waited = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            hold(&[Claim::Market("m-1")]),
        )
        .await;
        assert!(waited.is_err(), "the same market waits for the first");
        drop(first);
        let after = hold(&[Claim::Market("m-1")]).await;
        assert_eq!(after.keys(), [Claim::Market("m-1").lock_key()]);
    }
}
