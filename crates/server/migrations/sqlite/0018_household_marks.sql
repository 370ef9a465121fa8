-- When each priority household (帮扶户) was marked and unmarked, so a past month's 共富 report counts
-- the households as they were marked on each market's day, whatever marks change later.
CREATE TABLE household_marks (
    host_unit_id TEXT NOT NULL REFERENCES host_units (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    marked_at    INTEGER NOT NULL,
    unmarked_at  INTEGER,
    CHECK (unmarked_at IS NULL OR unmarked_at >= marked_at)
) STRICT;
CREATE INDEX household_marks_by_person ON household_marks (host_unit_id, user_id, marked_at);
-- At most one open mark per unit and person (the one priority_households holds).
CREATE UNIQUE INDEX household_marks_open ON household_marks (host_unit_id, user_id) WHERE unmarked_at IS NULL;
INSERT INTO household_marks (host_unit_id, user_id, marked_at)
    SELECT host_unit_id, user_id, marked_at FROM priority_households;
