-- Where an import's rows belong, to authorise undoing it: one row per school
-- (with its province), per province of province-level rows, and 'unplaced'
-- when it holds rows tied to neither (training offers: nationwide).
WITH school_rows AS (
  SELECT school_id FROM exam_results WHERE import_id = $id
  UNION SELECT school_id FROM pilot_applications WHERE import_id = $id
  UNION SELECT school_id FROM teacher_training WHERE import_id = $id
  UNION SELECT school_id FROM exam_records WHERE import_id = $id
  UNION SELECT school_id FROM stated_totals WHERE import_id = $id AND school_id IS NOT NULL
)
SELECT 'school' AS kind, r.school_id, s.province FROM school_rows r LEFT JOIN schools s ON s.id = r.school_id
UNION ALL
SELECT DISTINCT 'province', NULL, province FROM (
  SELECT province FROM training_quotas WHERE import_id = $id
  UNION SELECT province FROM training_programmes WHERE import_id = $id
)
UNION ALL
SELECT 'unplaced', NULL, NULL FROM (SELECT 1 FROM training_offers WHERE import_id = $id LIMIT 1)
