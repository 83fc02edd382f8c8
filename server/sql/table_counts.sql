-- Row counts of every table an import writes to (for checks that nothing changed).
SELECT 'imports' AS table_name, count(*) AS rows FROM imports
UNION ALL SELECT 'imports_committed', count(*) FROM imports WHERE status = 'committed'
UNION ALL SELECT 'findings', count(*) FROM findings
UNION ALL SELECT 'exam_results', count(*) FROM exam_results
UNION ALL SELECT 'pilot_applications', count(*) FROM pilot_applications
UNION ALL SELECT 'teacher_training', count(*) FROM teacher_training
UNION ALL SELECT 'training_quotas', count(*) FROM training_quotas
UNION ALL SELECT 'training_programmes', count(*) FROM training_programmes
UNION ALL SELECT 'training_offers', count(*) FROM training_offers
UNION ALL SELECT 'stated_totals', count(*) FROM stated_totals
UNION ALL SELECT 'exam_records', count(*) FROM exam_records
UNION ALL SELECT 'meta', count(*) FROM meta
