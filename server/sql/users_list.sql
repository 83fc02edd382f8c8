-- Every account except the built-in administrator (admin_account), by name.
SELECT username, role, provinces, school_ids, disabled, created_at, updated_at FROM users ORDER BY username
