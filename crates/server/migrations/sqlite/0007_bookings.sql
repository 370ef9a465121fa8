-- Stall bookings. Every "only one" rule is the database's: one holder per stall (a partial unique
-- index), a stall of the booked market (a composite foreign key), and no more stalls per person than
-- the market allows (a trigger); writes run in BEGIN IMMEDIATE transactions.

-- How many stalls one person may hold at a market, and until how many hours before the opening a
-- stallholder may cancel.
ALTER TABLE markets ADD COLUMN stalls_per_person INTEGER NOT NULL DEFAULT 1 CHECK (stalls_per_person BETWEEN 1 AND 20);
ALTER TABLE markets ADD COLUMN cancel_hours INTEGER NOT NULL DEFAULT 24 CHECK (cancel_hours BETWEEN 0 AND 720);

CREATE UNIQUE INDEX stalls_of_market ON stalls (id, market_id);

CREATE TABLE bookings (
    id         TEXT PRIMARY KEY NOT NULL,
    market_id  TEXT NOT NULL REFERENCES markets (id),
    stall_id   TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'cancelled', 'no_show')),
    -- Typed at the gate when the QR code will not scan.
    code       TEXT NOT NULL UNIQUE,
    goods      TEXT NOT NULL,
    plate      TEXT,
    reason     TEXT,
    -- The organiser who booked for someone without a phone (代办).
    booked_by  TEXT REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    FOREIGN KEY (stall_id, market_id) REFERENCES stalls (id, market_id)
) STRICT;
CREATE UNIQUE INDEX bookings_one_holder_per_stall ON bookings (stall_id) WHERE status IN ('pending', 'confirmed');
CREATE INDEX bookings_by_market ON bookings (market_id, status);
CREATE INDEX bookings_by_user ON bookings (user_id, created_at);

CREATE TRIGGER bookings_per_person BEFORE INSERT ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'already_booked')
    WHERE (SELECT count(*) FROM bookings
           WHERE market_id = NEW.market_id AND user_id = NEW.user_id AND status IN ('pending', 'confirmed'))
       >= (SELECT stalls_per_person FROM markets WHERE id = NEW.market_id);
END;

-- Answers to requests sent with an Idempotency-Key: the same key again gets the same answer.
CREATE TABLE idempotency (
    user_id    TEXT NOT NULL REFERENCES users (id),
    key        TEXT NOT NULL,
    -- What was asked, so the same key with another request is refused rather than replayed.
    request    TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT;

-- People waiting for a stall at a full market, first come first offered.
CREATE TABLE waitlist (
    market_id  TEXT NOT NULL REFERENCES markets (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (market_id, user_id)
) STRICT;

-- The Ed25519 keys that sign check-in tokens; created at first start, the newest signs.
CREATE TABLE signing_keys (
    kid        TEXT PRIMARY KEY NOT NULL,
    secret     BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
