-- Messages someone must hear about (issue 18), written in the same transaction as what they tell
-- of, so none is lost and none is written twice; the outbox's sender delivers each once.
CREATE TABLE messages (
    -- Also the SMS provider's idempotent id: handed over again after a crash, it counts once.
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone        TEXT NOT NULL,
    host_unit_id TEXT NOT NULL REFERENCES host_units (id),
    market_id    TEXT NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    booking_id   TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('approved', 'rejected', 'offered', 'cancelled', 'postponed', 'reminder', 'no_show')),
    -- The provider's template parameters (JSON) and the words they make, in the person's language.
    params       TEXT NOT NULL,
    text         TEXT NOT NULL,
    -- A message that may exist once only (a booking's reminder), whoever writes it.
    once_key     TEXT UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'over_limit')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    -- Queued: not before this (quiet hours, the next retry). Sending: the try is given up as lost
    -- (the server died) after this, and handed over again under the same id.
    due_at       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    -- The provider's id for the hand-over, to ask whether it reached the phone, and when we last asked.
    receipt      TEXT,
    checked_at   INTEGER,
    error        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX messages_due ON messages (status, due_at);
CREATE INDEX messages_by_booking ON messages (booking_id);
CREATE INDEX messages_by_market ON messages (market_id, created_at);
CREATE INDEX messages_by_unit ON messages (host_unit_id, created_at);

-- What each person wants to be told, and in which language (0/1 on both databases).
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN';
ALTER TABLE users ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN quiet_hours INTEGER NOT NULL DEFAULT 1;

-- A host unit's own monthly limit of messages; NULL takes the server's (--sms-monthly-limit).
ALTER TABLE host_units ADD COLUMN sms_monthly_limit INTEGER;
