-- Workshops (共富工坊) and their products, the markets that carry them, photos, and the search index.

CREATE TABLE workshops (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL UNIQUE,
    -- The host unit whose organisers look after its entries; NULL for one no unit has taken on.
    host_unit_id  TEXT REFERENCES host_units (id),
    town          TEXT NOT NULL,
    village       TEXT NOT NULL,
    summary       TEXT NOT NULL,
    employs       INTEGER NOT NULL DEFAULT 0 CHECK (employs >= 0),
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE products (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('produce', 'specialty', 'handicraft', 'food', 'nursery')),
    -- Bit 0 is January … bit 11 December.
    season_bits   INTEGER NOT NULL DEFAULT 4095 CHECK (season_bits BETWEEN 0 AND 4095),
    price_text    TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    workshop_id   TEXT REFERENCES workshops (id),
    -- The stallholder who entered their own goods; NULL for a workshop's products entered by organisers.
    owner_id      TEXT REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX products_by_workshop ON products (workshop_id);
CREATE INDEX products_by_owner ON products (owner_id);

-- Which markets carry which products.
CREATE TABLE market_products (
    market_id  TEXT NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (market_id, product_id)
) STRICT;
CREATE INDEX market_products_by_product ON market_products (product_id);

-- Photos: the re-encoded JPEGs themselves (no metadata), in two sizes, kept with the data they
-- belong to so one backup holds both.
CREATE TABLE product_photos (
    id         TEXT PRIMARY KEY NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    small      BLOB NOT NULL,
    large      BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (product_id, position)
) STRICT;

-- The search index: names as single characters (a phrase query finds any Chinese substring), as
-- their endings ("古法红糖 法红糖 红糖 糖": a whole token equal to the query means the name ends with
-- it, which in Chinese is what the thing is), as pinyin written from each syllable on ("pipalu palu
-- lu", so a prefix query finds any syllable run), and as initials the same way ("ppl pl l"); then
-- the workshop's name and the description, weighted lower. Written by the server with each product.
CREATE VIRTUAL TABLE product_search USING fts5(
    product_id UNINDEXED,
    name_hanzi,
    name_endings,
    name_pinyin,
    name_initials,
    more_hanzi,
    more_pinyin,
    tokenize = 'unicode61'
);
