-- A live session by its token's hash, with the account it signs in.
SELECT username, created_at, last_seen, expires_at FROM sessions WHERE token_hash = $token_hash AND expires_at > current_timestamp::TIMESTAMP
