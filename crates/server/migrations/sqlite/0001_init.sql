-- Facts about this database (schema-independent), e.g. when the demo data was loaded.
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- The member units of a rural joint committee that take turns hosting the monthly market (轮值牵头).
CREATE TABLE host_units (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    town       TEXT NOT NULL,
    county     TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
