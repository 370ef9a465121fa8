-- A lottery's result is told to every applicant (issue 20): the drawn about their new booking, the
-- rest about their place in line, which is no booking at all.
ALTER TABLE messages ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
    CHECK (kind IN ('approved', 'rejected', 'offered', 'cancelled', 'postponed', 'reminder', 'no_show', 'drawn', 'waitlisted'));
