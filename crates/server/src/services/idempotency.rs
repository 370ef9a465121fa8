//! One rule for every request that may be sent again (a booking retried on 3G with its
//! `Idempotency-Key`, a gate's queued scan with its nonce): the first answer is kept under the key,
//! and given again only to the very same request. Another request under a used key is refused
//! (`key_reused`), never answered with the first request's answer, nor carried out.

use crate::store::{
    idempotency::{self, Kept},
    Conn, StoreError,
};

/// What a key says about a request that is about to be carried out.
#[derive(Debug)]
pub enum Seen {
    /// Never answered: carry it out, then [`keep`] the answer.
    New,
    /// The same request was answered before: answer this again.
    Answered(Kept),
}

/// Why a key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The key already answered a different request.
    #[error("key reused for another request")]
    Reused,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Looks `key` up for `user_id`, inside the caller's write transaction (so two copies of one
/// request are ordered by the database: the second sees the first's answer). `asked` is the
/// request as canonical text.
pub async fn seen(
    conn: &mut Conn,
    user_id: &str,
    key: &str,
    asked: &str,
) -> Result<Seen, IdempotencyError> {
    match idempotency::find(conn, user_id, key).await? {
        None => Ok(Seen::New),
        Some(kept) if kept.request == asked => Ok(Seen::Answered(kept)),
        Some(_) => Err(IdempotencyError::Reused),
    }
}

/// Keeps the answer `status` + `body` to the request `asked` under `key`, in the same transaction
/// as what the request did.
pub async fn keep(
    conn: &mut Conn,
    user_id: &str,
    key: &str,
    asked: String,
    status: u16,
    body: String,
    now: i64,
) -> Result<(), StoreError> {
    let kept = Kept {
        request: asked,
        status,
        body,
    };
    idempotency::keep(conn, user_id, key, &kept, now).await
}
