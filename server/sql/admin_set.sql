-- Sets the administrator's password hash (generated, XPILOT_ADMIN_PASSWORD, or `npm run user -- reset`); run with admin_state_set in one transaction.
INSERT OR REPLACE INTO admin_account (name, password_hash, updated_at) VALUES ($name, $hash, current_timestamp)
