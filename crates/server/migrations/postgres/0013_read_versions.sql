-- What the public reads show changes only in writes that bump one of these counters, in their own
-- transaction; a cached read is good while their sum is what it was when the read was made. Sixteen
-- rows, so writes to different markets seldom wait on the same row (it is locked until commit).
CREATE TABLE read_versions (
    shard BIGINT PRIMARY KEY,
    n     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO read_versions (shard)
    VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15);
