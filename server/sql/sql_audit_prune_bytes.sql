-- SQL console audit retention: the oldest entries, until the text the log holds (statement + parameters,
-- plus a fixed allowance per row for the other columns) fits in $max_bytes. The newest entry always stays.
DELETE FROM sql_audit
WHERE id <= (
  SELECT max(id) FROM (
    SELECT id, sum(strlen(sql) + coalesce(strlen(params), 0) + 200) OVER (ORDER BY id DESC) AS held
    FROM sql_audit
  ) WHERE held > $max_bytes::BIGINT
)
AND id < (SELECT max(id) FROM sql_audit)
