-- A new session (the cookie value itself is never stored).
INSERT INTO sessions (token_hash, username, expires_at, address, user_agent)
VALUES ($token_hash, $username, current_timestamp::TIMESTAMP + to_hours(CAST($hours AS INTEGER)), $address, $user_agent)
