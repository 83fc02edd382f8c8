-- One account's script tokens (never the hash), newest first.
SELECT id, name, created_at, last_used, revoked_at FROM api_tokens WHERE username = $username ORDER BY id DESC
