-- The first successful sign-in with the current password.
UPDATE admin_password_state SET signed_in_at = current_timestamp WHERE name = $name AND signed_in_at IS NULL
