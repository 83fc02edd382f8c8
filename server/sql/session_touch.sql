-- Marks a session as used now (called at most once a minute per session).
UPDATE sessions SET last_seen = current_timestamp::TIMESTAMP, address = $address WHERE token_hash = $token_hash
