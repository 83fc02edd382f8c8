-- The audit page: account events (audit_log) and SQL console statements
-- (sql_audit) as one log, newest first, filtered by who, what and a date
-- range (UTC days, $to inclusive), one page at a time; total counts the matches.
WITH entries AS (
  SELECT 'event' AS source, id, occurred_at, actor, action, outcome, target, detail, address, user_agent FROM audit_log
  UNION ALL
  SELECT 'sql', id, started_at, user_name, 'sql', outcome, error_code, sql, address, user_agent FROM sql_audit
)
SELECT source, id, strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS "at", actor, action, outcome, target, detail, address, user_agent,
       count(*) OVER () AS total
FROM entries
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR action = $action)
  AND ($from IS NULL OR occurred_at >= CAST($from AS DATE))
  AND ($to IS NULL OR occurred_at < CAST($to AS DATE) + INTERVAL 1 DAY)
ORDER BY occurred_at DESC, id DESC
LIMIT $limit OFFSET $offset
