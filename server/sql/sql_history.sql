-- A user's recent statements, newest first.
SELECT id, started_at, sql, sql_sha256, sql_bytes, sql_truncated, params, format, duration_ms, row_count, truncated, outcome, error_code
FROM sql_audit
WHERE user_name = $user_name
ORDER BY id DESC
LIMIT $limit
