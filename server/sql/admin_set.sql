-- Sets the administrator's password hash (first start, or XPILOT_ADMIN_PASSWORD changed).
INSERT OR REPLACE INTO admin_account (name, password_hash, updated_at) VALUES ($name, $hash, current_timestamp)
