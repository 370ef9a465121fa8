-- Check-ins at the fair: visitors counted once per phone per market, stallholders' arrivals once
-- per booking, and the answers to scans kept by their nonce so an offline queue sent twice counts
-- once. The primary keys are the "only one" rules; the service never checks first.

CREATE TABLE visitor_checkins (
    market_id  TEXT NOT NULL REFERENCES markets (id),
    -- A random id the phone keeps; nothing that names a person.
    device_id  TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (market_id, device_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX visitor_checkins_by_time ON visitor_checkins (market_id, at);

CREATE TABLE stall_arrivals (
    booking_id  TEXT PRIMARY KEY NOT NULL REFERENCES bookings (id),
    market_id   TEXT NOT NULL REFERENCES markets (id),
    -- When the ticket was first scanned: the phone's time for a scan queued offline.
    at          INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    scanned_by  TEXT NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX stall_arrivals_by_market ON stall_arrivals (market_id);

CREATE TABLE scan_answers (
    scanned_by TEXT NOT NULL REFERENCES users (id),
    nonce      TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scanned_by, nonce)
) STRICT, WITHOUT ROWID;

-- The short code printed under a market's poster QR code, for visitors to type.
CREATE TABLE posters (
    market_id TEXT PRIMARY KEY NOT NULL REFERENCES markets (id),
    code      TEXT NOT NULL UNIQUE
) STRICT;
