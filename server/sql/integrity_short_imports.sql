-- Committed imports that hold fewer or more fact rows than they recorded
-- (row_count counts every fact table but stated_totals, plus exam_records).
WITH held AS (
  SELECT import_id, count(*) AS rows FROM (
    SELECT import_id FROM exam_results
    UNION ALL SELECT import_id FROM pilot_applications
    UNION ALL SELECT import_id FROM teacher_training
    UNION ALL SELECT import_id FROM training_quotas
    UNION ALL SELECT import_id FROM training_programmes
    UNION ALL SELECT import_id FROM training_offers
    UNION ALL SELECT import_id FROM exam_records
  ) GROUP BY import_id
)
SELECT i.id, i.file_name, i.row_count, coalesce(h.rows, 0) AS held
FROM imports i
LEFT JOIN held h ON h.import_id = i.id
WHERE i.status = 'committed' AND i.row_count <> coalesce(h.rows, 0)
ORDER BY i.id
