-- Removes an account (its sessions and tokens are ended separately).
DELETE FROM users WHERE username = $username
