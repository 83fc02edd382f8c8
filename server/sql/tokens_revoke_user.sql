-- Revokes every token of an account (deleted or disabled users).
UPDATE api_tokens SET revoked_at = current_timestamp::TIMESTAMP WHERE username = $username AND revoked_at IS NULL
