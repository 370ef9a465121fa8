-- Each change of a market counts, so a calendar that kept its event can tell a newer one (the
-- .ics SEQUENCE and LAST-MODIFIED). Markets from before start at revision 0, changed when created.
ALTER TABLE markets ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE markets ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE markets SET updated_at = created_at;
