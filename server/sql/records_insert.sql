-- Candidate-level records from the staged file (records_stage.sql, read once by
-- DuckDB's CSV reader) into exam_records, inside the import's transaction. The
-- student key is a salted SHA-256 of the ID number (or student number, or
-- name): the raw value is never stored.
-- Certificates, results and schools were resolved from their distinct values
-- and arrive as JSON maps.
INSERT INTO exam_records (import_id, school_id, year, certificate_id, level, major, student_key, score, passed)
WITH certs AS (
  SELECT unnest(from_json($certificates, '[{"printed":"VARCHAR","certificate_id":"INTEGER","level":"VARCHAR"}]'), recursive := true)
),
results AS (
  SELECT unnest(from_json($results, '[{"printed":"VARCHAR","passed":"BOOLEAN"}]'), recursive := true)
),
schools AS (
  SELECT unnest(from_json($schools, '[{"printed":"VARCHAR","school_id":"INTEGER"}]'), recursive := true)
)
SELECT CAST($import_id AS INTEGER),
       coalesce(s.school_id, CAST($school_id AS INTEGER)),
       coalesce(TRY_CAST(src.year AS INTEGER), CAST($year AS INTEGER)),
       c.certificate_id,
       coalesce(CASE regexp_replace(src.level, '级$', '')
                  WHEN '初' THEN '初级' WHEN '中' THEN '中级' WHEN '高' THEN '高级' END, c.level),
       nullif(src.major, ''),
       sha256(CAST($salt AS VARCHAR) || src.student),
       TRY_CAST(src.score AS DOUBLE),
       r.passed
FROM records_stage src
JOIN certs c ON c.printed = src.certificate
LEFT JOIN results r ON r.printed = src.result
LEFT JOIN schools s ON s.printed = src.school
