-- Drops expired sessions (at startup and at each sign-in).
DELETE FROM sessions WHERE expires_at <= current_timestamp::TIMESTAMP
