//! The outbox's sender: hands each due message to the SMS provider, marking it before (`sending`,
//! taken for lost after a while) and after (`sent`). A server killed between the two leaves the
//! message `sending`; when that try is taken for lost, any server hands it over again under the
//! same id, which the provider counts once. Failed tries are retried with growing pauses, then
//! given up with the reason, for the organisers to see.

use std::{sync::OnceLock, time::Duration};

use jishi_core::message::MessageStatus;

use crate::{
    clock::Clock,
    services::messages,
    sms::{Delivery, Outgoing, Sms},
    store::{self, messages::MessageRow, Db, StoreError},
};

/// How often the outbox looks for due messages.
const POLL: Duration = Duration::from_secs(1);
/// How many messages one look takes on.
const BATCH: i64 = 50;
/// Tries before a message is given up.
pub const MAX_ATTEMPTS: u32 = 6;
/// A receipt is asked for at most this often per message…
const RECEIPT_EVERY_SECS: i64 = 60;
/// …for a day after the hand-over (a phone off for longer is reported by then, or never).
const RECEIPTS_FOR_SECS: i64 = 86_400;

/// One server's sender.
#[derive(Debug, Clone)]
pub struct Outbox {
    /// The store.
    pub db: Db,
    /// The provider.
    pub sms: Sms,
    /// The time the rules go by.
    pub clock: Clock,
    /// The public origin, which reminders' ticket links start with.
    pub origin: String,
    /// Seconds after which a try that never came back is taken for lost (the provider answers
    /// in seconds; its client gives up after ten).
    pub lost_after: i64,
}

/// Starts the sender on this server; it runs until the process ends. Once a minute (of the
/// server's clock) it also writes tomorrow's reminders.
pub fn start(outbox: Outbox) {
    tokio::spawn(async move {
        let mut reminded_in_minute = None;
        loop {
            let minute = outbox.clock.now().div_euclid(60);
            if reminded_in_minute != Some(minute) {
                reminded_in_minute = Some(minute);
                if let Err(error) = outbox.write_reminders().await {
                    tracing::warn!(%error, "outbox: reminders will be written later");
                }
            }
            if let Err(error) = outbox.deliver_due().await {
                tracing::warn!(%error, "outbox: will look again");
            }
            if let Err(error) = outbox.read_receipts().await {
                tracing::warn!(%error, "outbox: receipts will be asked for again");
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

impl Outbox {
    async fn write_reminders(&self) -> Result<usize, StoreError> {
        let ticket_link = |id: &str| format!("{}{}", self.origin, jishi_views::paths::ticket(id));
        messages::write_reminders(&self.db, self.clock.now(), ticket_link).await
    }

    /// Hands over every message due now; how many went.
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let mut delivered = 0;
        for row in store::messages::due(&self.db, self.clock.now(), BATCH).await? {
            if self.deliver(&row).await? {
                delivered += 1;
            }
        }
        Ok(delivered)
    }

    async fn deliver(&self, row: &MessageRow) -> Result<bool, StoreError> {
        let (db, now) = (&self.db, self.clock.now());
        // A retry may come due in the night: it waits for the morning too.
        let allowed = messages::not_before(now, row.quiet_hours, row.kind, row.market_starts_at);
        if allowed > now {
            store::messages::postpone(db, &row.id, allowed).await?;
            return Ok(false);
        }
        failpoint("outbox.due").await;
        if !store::messages::take(db, &row.id, now, now + self.lost_after).await? {
            return Ok(false);
        }
        failpoint("outbox.taken").await;
        let outgoing = Outgoing {
            id: &row.id,
            phone: &row.phone,
            kind: row.kind,
            params: &row.params,
            text: &row.text,
        };
        match self.sms.send_message(outgoing).await {
            Ok(handed) => {
                failpoint("outbox.handed_over").await;
                let receipt = handed.receipt.as_deref();
                store::messages::sent(db, &row.id, self.clock.now(), receipt).await?;
                Ok(true)
            }
            Err(error) => {
                let attempts = row.attempts + 1;
                let retry_at =
                    (attempts < MAX_ATTEMPTS).then(|| self.clock.now() + pause_after(attempts));
                tracing::warn!(id = %row.id, attempts, %error, "SMS not sent");
                store::messages::try_failed(db, &row.id, &error.to_string(), retry_at).await?;
                Ok(false)
            }
        }
    }
}

impl Outbox {
    /// Asks the provider whether recently sent messages reached the phone.
    async fn read_receipts(&self) -> Result<(), StoreError> {
        let now = self.clock.now();
        let due = store::messages::awaiting_receipt(
            &self.db,
            now - RECEIPTS_FOR_SECS,
            now - RECEIPT_EVERY_SECS,
            BATCH,
        )
        .await?;
        for row in due {
            let (Some(receipt), Some(sent_at)) = (row.receipt.as_deref(), row.sent_at) else {
                continue;
            };
            let (status, error) = match self.sms.delivery(&row.phone, receipt, sent_at).await {
                Ok(Delivery::Delivered) => (MessageStatus::Delivered, String::new()),
                Ok(Delivery::Undelivered(why)) => (MessageStatus::Undelivered, why),
                Ok(Delivery::Waiting) => (MessageStatus::Sent, String::new()),
                // Asked again after the pause, like a receipt not there yet.
                Err(error) => (MessageStatus::Sent, error.to_string()),
            };
            store::messages::receipt_read(&self.db, &row.id, status, &error, now).await?;
        }
        Ok(())
    }
}

/// Where the crash tests stop the sender: with `JISHI_FAILPOINT` naming this point, the sender
/// says so in the log and waits there for good, for the test to `kill -9` the server at exactly
/// that moment. Unset (always, outside those tests), it costs one comparison.
async fn failpoint(name: &str) {
    static CHOSEN: OnceLock<Option<String>> = OnceLock::new();
    let chosen = CHOSEN.get_or_init(|| std::env::var("JISHI_FAILPOINT").ok());
    if chosen.as_deref() == Some(name) {
        tracing::warn!("failpoint {name} reached");
        std::future::pending::<()>().await;
    }
}

/// The pause after the `attempts`-th failed try: 30 s, 2 min, 8 min, 32 min, then two hours.
pub fn pause_after(attempts: u32) -> i64 {
    (30_i64 << (2 * attempts.saturating_sub(1).min(4))).min(7_200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_stop_growing() {
        let pauses: Vec<i64> = (1..=6).map(pause_after).collect();
        assert_eq!(pauses, [30, 120, 480, 1_920, 7_200, 7_200]);
    }
}
