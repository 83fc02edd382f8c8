-- The candidate-record INSERT before staging (reads the CSV itself; commit 6fd42d5), kept as the
-- reference the staged path must match byte for byte (test/import/records-stage.test.ts).
INSERT INTO exam_records_reference (import_id, school_id, year, certificate_id, level, major, student_key, score, passed)
WITH src AS (
  SELECT list_value(*COLUMNS(*)) AS cells
  FROM read_csv($path, header = false, skip = $skip, all_varchar = true, delim = $delim,
                quote = '"', escape = '"', null_padding = true)
),
certs AS (
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
       coalesce(TRY_CAST(trim(src.cells[$year_col]) AS INTEGER), CAST($year AS INTEGER)),
       c.certificate_id,
       coalesce(CASE regexp_replace(trim(src.cells[$level_col]), '级$', '')
                  WHEN '初' THEN '初级' WHEN '中' THEN '中级' WHEN '高' THEN '高级' END, c.level),
       nullif(trim(src.cells[$major_col]), ''),
       sha256(CAST($salt AS VARCHAR) || trim(src.cells[$key_col])),
       TRY_CAST(trim(src.cells[$score_col]) AS DOUBLE),
       r.passed
FROM src
JOIN certs c ON c.printed = trim(src.cells[$certificate_col])
LEFT JOIN results r ON r.printed = trim(src.cells[$result_col])
LEFT JOIN schools s ON s.printed = trim(src.cells[$school_col])
