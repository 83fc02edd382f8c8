-- A live (not revoked) script token by its hash.
SELECT id, username FROM api_tokens WHERE token_hash = $token_hash AND revoked_at IS NULL
