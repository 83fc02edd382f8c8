-- The administrator's password hash (null when there is no account yet).
SELECT password_hash FROM admin_account WHERE name = $name
