-- After imports was rebuilt with visibility and scope columns (issue 10), in
-- the same transaction. The seed imports (the default dataset's published
-- documents) become public; every other import stays restricted, the safe
-- side: an administrator may publish it again by re-importing with
-- visibility=public. What each import's rows touch is recorded, so its
-- history stays scoped after an undo.
UPDATE imports SET visibility = 'public' WHERE kind = 'seed' AND school_ids IS NULL;
UPDATE imports i SET
  school_ids = coalesce((SELECT list(DISTINCT x.school_id ORDER BY x.school_id) FROM (
      SELECT school_id FROM exam_results WHERE import_id = i.id
      UNION ALL SELECT school_id FROM pilot_applications WHERE import_id = i.id
      UNION ALL SELECT school_id FROM teacher_training WHERE import_id = i.id
      UNION ALL SELECT school_id FROM exam_records WHERE import_id = i.id
      UNION ALL SELECT school_id FROM stated_totals WHERE import_id = i.id AND school_id IS NOT NULL) x), []),
  provinces = coalesce((SELECT list(DISTINCT y.province ORDER BY y.province) FROM (
      SELECT province FROM training_quotas WHERE import_id = i.id
      UNION ALL SELECT province FROM training_programmes WHERE import_id = i.id) y), [])
WHERE school_ids IS NULL;
UPDATE imports i SET school_provinces = coalesce((SELECT list(DISTINCT s.province ORDER BY s.province) FROM schools s WHERE list_contains(i.school_ids, s.id) AND s.province IS NOT NULL), [])
WHERE school_provinces IS NULL;
