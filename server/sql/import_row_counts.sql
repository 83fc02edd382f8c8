-- Rows one import holds, per table.
SELECT 'exam_results' AS table_name, count(*) AS rows FROM exam_results WHERE import_id = $id
UNION ALL SELECT 'pilot_applications', count(*) FROM pilot_applications WHERE import_id = $id
UNION ALL SELECT 'teacher_training', count(*) FROM teacher_training WHERE import_id = $id
UNION ALL SELECT 'training_quotas', count(*) FROM training_quotas WHERE import_id = $id
UNION ALL SELECT 'training_programmes', count(*) FROM training_programmes WHERE import_id = $id
UNION ALL SELECT 'training_offers', count(*) FROM training_offers WHERE import_id = $id
UNION ALL SELECT 'stated_totals', count(*) FROM stated_totals WHERE import_id = $id
UNION ALL SELECT 'exam_records', count(*) FROM exam_records WHERE import_id = $id
UNION ALL SELECT 'findings', count(*) FROM findings WHERE import_id = $id
