-- Creates or replaces an account (password hash, role and scope).
INSERT OR REPLACE INTO users (username, password_hash, role, provinces, school_ids, disabled, updated_at)
VALUES ($username, $password_hash, $role, CAST($provinces AS VARCHAR[]), CAST($school_ids AS INTEGER[]), $disabled, current_timestamp)
