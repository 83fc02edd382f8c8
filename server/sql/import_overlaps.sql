-- Committed imports whose facts have the same key as a new file's:
-- school, year, certificate and level (a row without a level overlaps every
-- level) for exam results and applications (and batch); school, year and
-- certificate for teacher training; province, year, programme and city for
-- quotas; province, year and certificate for training programmes.
-- $keys is a JSON array of {t, a, y, c, l, b}; rows = the new file's rows that overlap.
WITH k AS (
  SELECT DISTINCT * FROM (
    SELECT unnest(from_json($keys, '[{"t":"VARCHAR","a":"VARCHAR","y":"INTEGER","c":"VARCHAR","l":"VARCHAR","b":"VARCHAR"}]'), recursive := true)
  )
),
db AS (
  SELECT 'exam_results' AS t, import_id, CAST(school_id AS VARCHAR) AS a, year AS y, CAST(certificate_id AS VARCHAR) AS c, level AS l, CAST(NULL AS VARCHAR) AS b, true AS any_level FROM exam_results
  UNION ALL SELECT 'pilot_applications', import_id, CAST(school_id AS VARCHAR), year, CAST(certificate_id AS VARCHAR), level, batch, true FROM pilot_applications
  UNION ALL SELECT 'teacher_training', import_id, CAST(school_id AS VARCHAR), year, CAST(certificate_id AS VARCHAR), NULL, NULL, false FROM teacher_training
  UNION ALL SELECT 'training_quotas', import_id, province, year, programme, city, NULL, false FROM training_quotas
  UNION ALL SELECT 'training_programmes', import_id, province, year, CAST(certificate_id AS VARCHAR), NULL, NULL, false FROM training_programmes
)
SELECT i.id,
       i.file_name,
       i.kind,
       CAST(i.imported_at AS VARCHAR) AS imported_at,
       db.t AS table_name,
       CAST(count(DISTINCT concat_ws('|', k.t, k.a, k.y, k.c, coalesce(k.l, ''), coalesce(k.b, ''))) AS INTEGER) AS rows
FROM db
JOIN k ON db.t = k.t AND db.a = k.a AND db.y = k.y AND db.c = k.c
      AND (db.l IS NOT DISTINCT FROM k.l OR (db.any_level AND (db.l IS NULL OR k.l IS NULL)))
      AND db.b IS NOT DISTINCT FROM k.b
JOIN imports i ON i.id = db.import_id AND i.status = 'committed'
WHERE i.id <> coalesce(CAST($exclude AS INTEGER), -1)
GROUP BY ALL
ORDER BY i.id, table_name
