-- SQL console audit retention: all but the newest $keep entries (ids follow the order entries were written).
DELETE FROM sql_audit
WHERE id <= (SELECT id FROM sql_audit ORDER BY id DESC LIMIT 1 OFFSET $keep::BIGINT)
