-- SQL console audit retention: entries that started before the cutoff (UTC, as started_at is stored).
DELETE FROM sql_audit
WHERE started_at < $cutoff::TIMESTAMP
