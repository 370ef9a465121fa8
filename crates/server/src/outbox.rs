//! The outbox's sender: hands each due message to the SMS provider, marking it before (`sending`,
//! taken for lost after a while) and after (`sent`). A server killed between the two leaves the
//! message `sending`; when that try is taken for lost, any server hands it over again under the
//! same id, which the provider counts once. Failed tries are retried with growing pauses, then
//! given up with the reason, for the organisers to see.

use std::time::Duration;

use crate::{
    clock::Clock,
    services::messages,
    sms::{Outgoing, Sms},
    store::{self, messages::MessageRow, Db},
};

/// How often the outbox looks for due messages.
const POLL: Duration = Duration::from_secs(1);
/// How many messages one look takes on.
const BATCH: i64 = 50;
/// After this long a try that never came back is taken for lost (the provider answers in
/// seconds; its client gives up after ten).
const LOST_AFTER_SECS: i64 = 60;
/// Tries before a message is given up.
pub const MAX_ATTEMPTS: u32 = 6;
/// Starts the sender on this server; it runs until the process ends. Once a minute (of the
/// server's clock) it also writes tomorrow's reminders, whose ticket links start with `origin`.
pub fn start(db: Db, sms: Sms, clock: Clock, origin: String) {
    tokio::spawn(async move {
        let ticket_link = |id: &str| format!("{origin}{}", jishi_views::paths::ticket(id));
        let mut reminded_in_minute = None;
        loop {
            let minute = clock.now().div_euclid(60);
            if reminded_in_minute != Some(minute) {
                reminded_in_minute = Some(minute);
                if let Err(error) = messages::write_reminders(&db, clock.now(), ticket_link).await {
                    tracing::warn!(%error, "outbox: reminders will be written later");
                }
            }
            if let Err(error) = deliver_due(&db, &sms, &clock).await {
                tracing::warn!(%error, "outbox: will look again");
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

/// Hands over every message due now; how many went.
pub async fn deliver_due(db: &Db, sms: &Sms, clock: &Clock) -> Result<usize, store::StoreError> {
    let now = clock.now();
    let mut delivered = 0;
    for row in store::messages::due(db, now, BATCH).await? {
        if deliver(db, sms, clock, &row).await? {
            delivered += 1;
        }
    }
    Ok(delivered)
}

async fn deliver(
    db: &Db,
    sms: &Sms,
    clock: &Clock,
    row: &MessageRow,
) -> Result<bool, store::StoreError> {
    let now = clock.now();
    // A retry may come due in the night: it waits for the morning too.
    let allowed = messages::not_before(now, row.quiet_hours, row.kind, row.market_starts_at);
    if allowed > now {
        store::messages::postpone(db, &row.id, allowed).await?;
        return Ok(false);
    }
    if !store::messages::take(db, &row.id, now, now + LOST_AFTER_SECS).await? {
        return Ok(false);
    }
    let outgoing = Outgoing {
        id: &row.id,
        phone: &row.phone,
        kind: row.kind,
        params: &row.params,
        text: &row.text,
    };
    match sms.send_message(outgoing).await {
        Ok(()) => {
            store::messages::sent(db, &row.id, clock.now()).await?;
            Ok(true)
        }
        Err(error) => {
            let attempts = row.attempts + 1;
            let retry_at = (attempts < MAX_ATTEMPTS).then(|| clock.now() + pause_after(attempts));
            tracing::warn!(id = %row.id, attempts, %error, "SMS not sent");
            store::messages::try_failed(db, &row.id, &error.to_string(), retry_at).await?;
            Ok(false)
        }
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
