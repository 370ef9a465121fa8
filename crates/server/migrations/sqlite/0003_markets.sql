-- Where markets are held.
CREATE TABLE venues (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    town    TEXT NOT NULL,
    village TEXT NOT NULL,
    address TEXT NOT NULL,
    lat     REAL NOT NULL,
    lng     REAL NOT NULL
) STRICT;

-- Markets. Times are unix seconds; the API writes them in +08:00.
CREATE TABLE markets (
    id                TEXT PRIMARY KEY NOT NULL,
    title             TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('produce_fair', 'trunk_market', 'festival', 'night_market', 'other')),
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    status            TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'postponed')),
    status_reason     TEXT,
    host_unit_id      TEXT NOT NULL REFERENCES host_units (id),
    venue_id          TEXT NOT NULL REFERENCES venues (id),
    goods             TEXT NOT NULL DEFAULT '',
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT NOT NULL DEFAULT '',
    booking_opens_at  INTEGER NOT NULL,
    booking_closes_at INTEGER NOT NULL,
    approval          TEXT NOT NULL DEFAULT 'auto' CHECK (approval IN ('auto', 'manual')),
    series_id         TEXT,
    created_at        INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (booking_closes_at > booking_opens_at),
    -- A cancelled or postponed market always says why.
    CHECK (status = 'scheduled' OR status_reason IS NOT NULL)
) STRICT;
CREATE INDEX markets_by_start ON markets (starts_at);

-- The stall layout of a market.
CREATE TABLE stalls (
    id        TEXT PRIMARY KEY NOT NULL,
    market_id TEXT NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    zone      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('booth', 'car_bay')),
    fee_fen   INTEGER NOT NULL CHECK (fee_fen >= 0),
    power     INTEGER NOT NULL DEFAULT 0 CHECK (power IN (0, 1)),
    notes     TEXT NOT NULL DEFAULT '',
    closed    INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    UNIQUE (market_id, code)
) STRICT;
