-- Where at a market a product is sold: the stall that carries it, once one does (a stallholder's
-- booking names its goods; the demo names a few).
ALTER TABLE market_products ADD COLUMN stall_id TEXT REFERENCES stalls (id) ON DELETE SET NULL;
