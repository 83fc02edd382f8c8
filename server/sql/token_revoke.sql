-- Revokes one of an account's tokens; returns it when it was live.
UPDATE api_tokens SET revoked_at = current_timestamp::TIMESTAMP WHERE id = $id AND username = $username AND revoked_at IS NULL RETURNING id
