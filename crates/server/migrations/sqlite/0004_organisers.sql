-- Organisers type in places without coordinates, so a venue's point becomes optional. SQLite cannot
-- drop NOT NULL in place: the table is rebuilt the documented 12-step way. Migrations run with
-- foreign keys off and are checked with `PRAGMA foreign_key_check` afterwards (store::connect).

CREATE TABLE venues_new (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    town    TEXT NOT NULL,
    village TEXT NOT NULL,
    address TEXT NOT NULL,
    lat     REAL,
    lng     REAL,
    CHECK ((lat IS NULL) = (lng IS NULL))
) STRICT;
INSERT INTO venues_new (id, name, town, village, address, lat, lng)
    SELECT id, name, town, village, address, lat, lng FROM venues;
DROP TABLE venues;
ALTER TABLE venues_new RENAME TO venues;
-- A place typed twice is the same place.
CREATE UNIQUE INDEX venues_by_place ON venues (name, town, village, address);

-- The venue a host unit's markets usually use: the default of a new market and a series' turn.
ALTER TABLE host_units ADD COLUMN venue_id TEXT REFERENCES venues (id);

-- Monthly series; each market names its series in markets.series_id.
CREATE TABLE series (
    id         TEXT PRIMARY KEY NOT NULL,
    title      TEXT NOT NULL,
    -- The request that created it, as JSON, for the record.
    request    TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX markets_by_host_unit ON markets (host_unit_id, starts_at);

-- Who did what to markets (and later bookings): never updated, never deleted.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id TEXT REFERENCES users (id),
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_by_subject ON audit_log (subject, at);
