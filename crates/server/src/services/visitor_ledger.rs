//! Visitors' check-ins written together. At a fair's gate hundreds of phones check in within a
//! minute; with `synchronous=FULL` every commit waits for the disk, so one transaction per visitor
//! caps the rate at the disk's flushes per second. The ledger is one task that takes every
//! check-in waiting, writes them in one transaction, and answers each only after that commit: as
//! durable as one at a time, and the disk flushes once per batch.

use std::collections::HashMap;

use tokio::sync::{mpsc, oneshot};

use crate::store::{self, checkins, Db, StoreError};

/// Most check-ins in one transaction (a batch stays well under SQLite's busy timeout).
const MAX_BATCH: usize = 512;

/// A check-in as written: when the device was first seen, by which attempt, whether now, and the
/// market's count after the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The first check-in of the device.
    pub first: checkins::VisitorRow,
    /// Visitors at the market, this batch included.
    pub visitors: i64,
}

struct Pending {
    market_id: String,
    device_id: String,
    nonce: String,
    at: i64,
    reply: oneshot::Sender<Result<Recorded, String>>,
}

/// The handle handlers send check-ins through.
#[derive(Debug, Clone)]
pub struct VisitorLedger {
    queue: mpsc::Sender<Pending>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("market_id", &self.market_id)
            .finish()
    }
}

impl VisitorLedger {
    /// Starts the writing task on the current runtime.
    pub fn start(db: Db) -> Self {
        let (queue, waiting) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(db, waiting));
        Self { queue }
    }

    /// Checks a device in at a market once; answers after the write is committed.
    pub async fn check_in(
        &self,
        market_id: &str,
        device_id: &str,
        nonce: &str,
        at: i64,
    ) -> Result<Recorded, StoreError> {
        let (reply, answer) = oneshot::channel();
        let pending = Pending {
            market_id: market_id.to_owned(),
            device_id: device_id.to_owned(),
            nonce: nonce.to_owned(),
            at,
            reply,
        };
        let stopped = || StoreError::Stopped;
        self.queue.send(pending).await.map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(StoreError::Unreadable)
    }
}

async fn write_batches(db: Db, mut waiting: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match write(&db, &batch).await {
            Ok(recorded) => {
                for (pending, recorded) in batch.drain(..).zip(recorded) {
                    let _ = pending.reply.send(Ok(recorded));
                }
            }
            Err(error) => {
                tracing::error!(%error, "writing visitors' check-ins");
                for pending in batch.drain(..) {
                    let _ = pending.reply.send(Err(error.to_string()));
                }
            }
        }
    }
}

async fn write(db: &Db, batch: &[Pending]) -> Result<Vec<Recorded>, StoreError> {
    // No claim: each row's primary key decides, and an insert that meets another's uncommitted
    // row waits for it, so the read after sees the first check-in on either database.
    let mut tx = store::write(db, &[]).await?;
    let mut rows = Vec::with_capacity(batch.len());
    for p in batch {
        rows.push(
            checkins::check_in_visitor(&mut tx, &p.market_id, &p.device_id, &p.nonce, p.at).await?,
        );
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for p in batch {
        if !counts.contains_key(p.market_id.as_str()) {
            let count = checkins::visitors(&mut *tx, &p.market_id).await?;
            counts.insert(&p.market_id, count);
        }
    }
    tx.commit().await?;
    Ok(batch
        .iter()
        .zip(rows)
        .map(|(p, first)| Recorded {
            first,
            visitors: counts.get(p.market_id.as_str()).copied().unwrap_or(0),
        })
        .collect())
}
