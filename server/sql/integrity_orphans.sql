-- Rows that belong to no committed import, per table and import: what the
-- start-up check removes. `status` is NULL when the import row is missing.
-- Every table with an import_id column is listed (test/import/integrity.test.ts checks).
WITH held AS (
  SELECT 'exam_results' AS table_name, import_id, count(*) AS rows FROM exam_results GROUP BY ALL
  UNION ALL SELECT 'pilot_applications', import_id, count(*) FROM pilot_applications GROUP BY ALL
  UNION ALL SELECT 'teacher_training', import_id, count(*) FROM teacher_training GROUP BY ALL
  UNION ALL SELECT 'training_quotas', import_id, count(*) FROM training_quotas GROUP BY ALL
  UNION ALL SELECT 'training_programmes', import_id, count(*) FROM training_programmes GROUP BY ALL
  UNION ALL SELECT 'training_offers', import_id, count(*) FROM training_offers GROUP BY ALL
  UNION ALL SELECT 'stated_totals', import_id, count(*) FROM stated_totals GROUP BY ALL
  UNION ALL SELECT 'exam_records', import_id, count(*) FROM exam_records GROUP BY ALL
  UNION ALL SELECT 'findings', import_id, count(*) FROM findings GROUP BY ALL
)
SELECT h.table_name, h.import_id, h.rows, i.status
FROM held h
LEFT JOIN imports i ON i.id = h.import_id
WHERE i.status IS DISTINCT FROM 'committed'
ORDER BY h.import_id, h.table_name
