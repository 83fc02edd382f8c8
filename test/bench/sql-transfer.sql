-- The bench's SQL console result: a candidate-level shape (ids, text, small
-- integers, a score, a flag), $rows rows.
SELECT range AS id,
  'school-' || (range % 500)::VARCHAR AS school,
  2020 + (range % 3)::INTEGER AS year,
  (range % 45)::INTEGER AS certificate_id,
  ['初级', '中级', '高级'][(range % 3)::INTEGER + 1] AS level,
  round((hash(range) % 10000) / 100.0, 2) AS score,
  hash(range) % 5 <> 0 AS passed
FROM range($rows)
