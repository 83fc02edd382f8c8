-- Sets an account's password hash.
UPDATE users SET password_hash = $password_hash, updated_at = current_timestamp WHERE username = $username
