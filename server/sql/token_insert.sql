-- A new script token; only the hash is stored.
INSERT INTO api_tokens (token_hash, username, name) VALUES ($token_hash, $username, $name)
RETURNING id, name, created_at
