-- The answers to gate scans are kept in `idempotency`, beside the answers to retried bookings (the
-- same mechanism: a user's key, the first answer), under keys `scan:<nonce>`; their own table from
-- 0009 goes.
DROP TABLE scan_answers;
