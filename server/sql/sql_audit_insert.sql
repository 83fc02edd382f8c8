INSERT INTO sql_audit (user_name, started_at, sql, sql_sha256, sql_bytes, sql_truncated, params, format, duration_ms, row_count, truncated, outcome, error_code, address, user_agent)
VALUES ($user_name, $started_at::TIMESTAMP, $sql, $sql_sha256, $sql_bytes, $sql_truncated, $params, $format, $duration_ms, $row_count, $truncated, $outcome, $error_code, $address, $user_agent)
