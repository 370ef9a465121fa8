-- Stall lotteries. A market gives its stalls first come (as before) or by lottery: applications
-- during the booking window, drawn at its close. Its draw's seed is made with the market and kept
-- secret until the draw; its SHA-256 (the commitment) is public from the start.
ALTER TABLE markets ADD COLUMN allocation TEXT NOT NULL DEFAULT 'first_come' CHECK (allocation IN ('first_come', 'lottery'));

CREATE TABLE draws (
    market_id  TEXT PRIMARY KEY REFERENCES markets (id),
    seed       TEXT NOT NULL,
    commitment TEXT NOT NULL,
    -- Set once, by the transaction that draws: what was drawn, as published.
    drawn_at   BIGINT,
    places     BIGINT,
    reserved   BIGINT,
    entries    TEXT,
    outcome    TEXT
);

CREATE TABLE applications (
    id         TEXT PRIMARY KEY,
    market_id  TEXT NOT NULL REFERENCES markets (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    status     TEXT NOT NULL CHECK (status IN ('applied', 'cancelled', 'placed', 'waiting')),
    goods      TEXT NOT NULL,
    plate      TEXT,
    -- JSON: up to three zone names, the most wanted first.
    zones      TEXT NOT NULL DEFAULT '[]',
    -- Whether the applicant was a priority household (帮扶户) of the market's host unit when the
    -- draw was made.
    priority   BIGINT NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    booking_id TEXT REFERENCES bookings (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- One live application per person and market: applying twice is refused by the database.
CREATE UNIQUE INDEX applications_one_per_person ON applications (market_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX applications_by_user ON applications (user_id, created_at);

-- Priority households (帮扶户): accounts a host unit's organisers mark; a share of its markets'
-- stalls is kept for them. Seen only by the unit's organisers and the person.
CREATE TABLE priority_households (
    host_unit_id TEXT NOT NULL REFERENCES host_units (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    marked_by    TEXT NOT NULL REFERENCES users (id),
    marked_at    BIGINT NOT NULL,
    PRIMARY KEY (host_unit_id, user_id)
);
CREATE INDEX priority_households_by_user ON priority_households (user_id);
ALTER TABLE markets ADD COLUMN reserved_percent BIGINT NOT NULL DEFAULT 0 CHECK (reserved_percent BETWEEN 0 AND 100);
ALTER TABLE markets ADD COLUMN reserved_hours BIGINT NOT NULL DEFAULT 24 CHECK (reserved_hours BETWEEN 0 AND 720);
