-- A lottery's result is told to every applicant (issue 20): the drawn about their new booking, the
-- rest about their place in line, which is no booking at all. SQLite changes a column's NULL and a
-- CHECK only by making the table again.
CREATE TABLE messages_new (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone        TEXT NOT NULL,
    host_unit_id TEXT NOT NULL REFERENCES host_units (id),
    market_id    TEXT NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    booking_id   TEXT REFERENCES bookings (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('approved', 'rejected', 'offered', 'cancelled', 'postponed', 'reminder', 'no_show', 'drawn', 'waitlisted')),
    params       TEXT NOT NULL,
    text         TEXT NOT NULL,
    once_key     TEXT UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'over_limit')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    due_at       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    receipt      TEXT,
    checked_at   INTEGER,
    error        TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO messages_new (id, user_id, phone, host_unit_id, market_id, booking_id, kind, params, text,
                          once_key, status, attempts, due_at, created_at, sent_at, receipt, checked_at, error)
    SELECT id, user_id, phone, host_unit_id, market_id, booking_id, kind, params, text,
           once_key, status, attempts, due_at, created_at, sent_at, receipt, checked_at, error
    FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_due ON messages (status, due_at);
CREATE INDEX messages_by_booking ON messages (booking_id);
CREATE INDEX messages_by_market ON messages (market_id, created_at);
CREATE INDEX messages_by_unit ON messages (host_unit_id, created_at);
