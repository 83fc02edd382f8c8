-- Ends every session of an account (disabled, password changed, deleted); keeps one when $keep names it.
DELETE FROM sessions WHERE username = $username AND token_hash IS DISTINCT FROM $keep
