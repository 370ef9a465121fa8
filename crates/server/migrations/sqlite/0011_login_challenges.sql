-- Login limits that strangers cannot turn into a lock-out (README, "Login limits"): a picture
-- challenge for the last sends of a phone's day and for busy addresses. Challenges are stateless
-- (signed with a secret kept here, one for every instance); a challenge's nonce is written once it
-- is answered, right or wrong, so each is tried once.
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY NOT NULL,
    secret BLOB NOT NULL
) STRICT;

CREATE TABLE used_challenges (
    nonce      TEXT PRIMARY KEY NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX used_challenges_by_expiry ON used_challenges (expires_at);

-- Codes one requester has had sent to one phone.
CREATE INDEX otp_codes_by_phone_and_addr ON otp_codes (phone, client_addr, created_at);

-- Wrong code guesses by address: a stranger's guesses spend their own allowance (and only a bounded
-- share of the code's), never the owner's.
CREATE TABLE otp_guesses (
    phone       TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX otp_guesses_by_phone_and_addr ON otp_guesses (phone, client_addr, at);
