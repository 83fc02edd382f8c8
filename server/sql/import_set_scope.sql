-- After an import's rows are written: record what they touch, so the history
-- and findings of the import stay scoped (scopes.sql, import_sees) even after
-- an undo removed the rows.
UPDATE imports SET school_ids = t.school_ids, school_provinces = t.school_provinces, provinces = t.provinces
FROM (
  SELECT coalesce(list(DISTINCT x.school_id ORDER BY x.school_id), []) AS school_ids,
         coalesce(list(DISTINCT sc.province ORDER BY sc.province) FILTER (WHERE sc.province IS NOT NULL), []) AS school_provinces,
         (SELECT coalesce(list(DISTINCT y.province ORDER BY y.province), []) FROM (
            SELECT province FROM training_quotas WHERE import_id = $id
            UNION ALL SELECT province FROM training_programmes WHERE import_id = $id) y) AS provinces
  FROM (
    SELECT school_id FROM exam_results WHERE import_id = $id
    UNION ALL SELECT school_id FROM pilot_applications WHERE import_id = $id
    UNION ALL SELECT school_id FROM teacher_training WHERE import_id = $id
    UNION ALL SELECT school_id FROM exam_records WHERE import_id = $id
    UNION ALL SELECT school_id FROM stated_totals WHERE import_id = $id AND school_id IS NOT NULL
  ) x
  LEFT JOIN schools sc ON sc.id = x.school_id
) t
WHERE imports.id = $id
