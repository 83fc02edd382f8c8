-- npm run generate: count each import's rows (as integrity_short_imports.sql
-- counts them), drop imports left empty, record what each touches (as
-- import_set_scope.sql does, for all at once), commit them, and mark the file synthetic.
UPDATE imports SET row_count = h.rows
FROM (
  SELECT import_id, count(*) AS rows FROM (
    SELECT import_id FROM exam_results
    UNION ALL SELECT import_id FROM pilot_applications
    UNION ALL SELECT import_id FROM teacher_training
    UNION ALL SELECT import_id FROM training_quotas
    UNION ALL SELECT import_id FROM training_programmes
    UNION ALL SELECT import_id FROM training_offers
    UNION ALL SELECT import_id FROM exam_records
  ) GROUP BY import_id
) h
WHERE imports.id = h.import_id;

DELETE FROM imports WHERE status = 'pending' AND row_count = 0
  AND id NOT IN (SELECT import_id FROM stated_totals) AND id NOT IN (SELECT import_id FROM findings);

UPDATE imports SET school_ids = t.school_ids, school_provinces = t.school_provinces, provinces = t.provinces
FROM (
  SELECT i.id,
         coalesce(x.school_ids, []) AS school_ids,
         coalesce(x.school_provinces, []) AS school_provinces,
         coalesce(y.provinces, []) AS provinces
  FROM imports i
  LEFT JOIN (
    SELECT u.import_id,
           list(DISTINCT u.school_id ORDER BY u.school_id) AS school_ids,
           list(DISTINCT sc.province ORDER BY sc.province) FILTER (WHERE sc.province IS NOT NULL) AS school_provinces
    FROM (
      SELECT DISTINCT import_id, school_id FROM exam_results
      UNION SELECT DISTINCT import_id, school_id FROM pilot_applications
      UNION SELECT DISTINCT import_id, school_id FROM teacher_training
      UNION SELECT DISTINCT import_id, school_id FROM exam_records
      UNION SELECT DISTINCT import_id, school_id FROM stated_totals WHERE school_id IS NOT NULL
    ) u
    LEFT JOIN schools sc ON sc.id = u.school_id
    GROUP BY u.import_id
  ) x ON x.import_id = i.id
  LEFT JOIN (
    SELECT import_id, list(DISTINCT province ORDER BY province) AS provinces FROM (
      SELECT import_id, province FROM training_quotas UNION ALL SELECT import_id, province FROM training_programmes
    ) GROUP BY import_id
  ) y ON y.import_id = i.id
  WHERE i.status = 'pending'
) t
WHERE imports.id = t.id;

UPDATE imports SET status = 'committed' WHERE status = 'pending';

INSERT OR REPLACE INTO meta (key, value)
SELECT 'synthetic', scale FROM gen_cfg
UNION ALL SELECT 'synthetic_seed', CAST(seed AS VARCHAR) FROM gen_cfg
UNION ALL SELECT 'student_key_salt', salt FROM gen_cfg
UNION ALL SELECT 'dataset_version', 'synthetic-' || scale || '-' || seed FROM gen_cfg;
