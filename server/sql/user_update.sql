-- Changes an account's role, scope or disabled flag (the password has its own statement).
UPDATE users SET role = $role, provinces = CAST($provinces AS VARCHAR[]), school_ids = CAST($school_ids AS INTEGER[]), disabled = $disabled, updated_at = current_timestamp
WHERE username = $username
