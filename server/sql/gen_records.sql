-- npm run generate: candidate-level exam records behind a share of the exam
-- results (about gen_cfg.records in all), one row per candidate, consistent
-- with the results row they come from (same count, same number passed). The
-- student key is salted SHA-256 of a synthetic ID, as records_insert.sql makes it.
INSERT INTO exam_records (import_id, school_id, year, certificate_id, level, major, student_key, score, passed)
WITH total AS (
  SELECT sum(candidates) AS n FROM exam_results WHERE passed <= candidates
),
chosen AS (
  SELECT r.school_id, r.year, r.certificate_id, r.level, r.candidates, r.passed, s.province,
         hash(r.school_id, r.certificate_id, r.level) AS cell
  FROM exam_results r
  JOIN schools s ON s.id = r.school_id
  CROSS JOIN total
  CROSS JOIN gen_cfg cfg
  WHERE r.passed <= r.candidates
    AND gen_u('records', hash(r.school_id, r.certificate_id, r.level), r.year) < least(1.0, cfg.records / total.n)
),
expanded AS (
  SELECT chosen.*, unnest(range(candidates)) AS k FROM chosen
)
SELECT i.id, e.school_id, e.year, e.certificate_id, e.level, gen_major(e.cell + e.k % 3),
       sha256(cfg.salt || 'SYN' || e.school_id || '-' || e.year || '-' || e.certificate_id || '-' || coalesce(e.level, '') || '-' || e.k),
       round(CASE WHEN e.k < e.passed THEN 60 + 40 * gen_u('score', e.cell, e.year * 100000 + e.k)
                  ELSE 60 * gen_u('score', e.cell, e.year * 100000 + e.k) END, 1),
       e.k < e.passed
FROM expanded e
CROSS JOIN gen_cfg cfg
JOIN gen_imports i ON i.part = 'records' AND i.province = e.province AND i.year = e.year
