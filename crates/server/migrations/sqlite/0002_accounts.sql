-- Accounts: a user per phone, created at first login. Everyone is a stallholder; organiser and
-- admin are granted (organiser for one host unit per row).
CREATE TABLE users (
    id         TEXT PRIMARY KEY NOT NULL,
    phone      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    village    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_roles (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('organiser', 'admin')),
    host_unit_id TEXT REFERENCES host_units (id),
    -- An organiser acts for a host unit; an admin for all of them.
    CHECK ((role = 'organiser') = (host_unit_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX user_roles_once ON user_roles (user_id, role, ifnull(host_unit_id, ''));

-- One-time codes, stored only as a salted hash. Times are unix seconds.
CREATE TABLE otp_codes (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,
    salt        TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     INTEGER
) STRICT;
CREATE INDEX otp_codes_by_phone ON otp_codes (phone, created_at);
CREATE INDEX otp_codes_by_addr ON otp_codes (client_addr, created_at);

-- Sessions: the token is shown once; only its hash is kept.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);
