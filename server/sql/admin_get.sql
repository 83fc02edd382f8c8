-- The administrator's account (no row when there is none yet); an account from before admin_password_state counts as chosen, not generated.
SELECT a.password_hash, coalesce(s.generated, false) AS generated, s.signed_in_at IS NOT NULL AS signed_in
FROM admin_account a
LEFT JOIN admin_password_state s ON s.name = a.name
WHERE a.name = $name
