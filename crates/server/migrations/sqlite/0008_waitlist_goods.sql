-- What a waiting stallholder would sell and their plate, so a freed stall can be given to them at once.
ALTER TABLE waitlist ADD COLUMN goods TEXT NOT NULL DEFAULT '';
ALTER TABLE waitlist ADD COLUMN plate TEXT;
