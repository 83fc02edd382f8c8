-- One account by user name (the administrator lives in admin_account).
SELECT username, password_hash, role, provinces, school_ids, disabled FROM users WHERE username = $username
