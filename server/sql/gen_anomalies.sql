-- npm run generate: a few reports carry the inconsistencies the importer
-- finds (passed > candidates, a stated rate that disagrees with the counts,
-- a 合计 row that disagrees with its rows, approved > requested). Figures are
-- stored as printed; gen_anomaly_list.sql lists them for their findings.
CREATE OR REPLACE TEMP TABLE gen_anomaly AS
WITH results AS (
  SELECT import_id, source_row, candidates, passed,
         row_number() OVER (ORDER BY gen_u('anomaly', import_id, source_row), import_id, source_row) AS k
  FROM exam_results WHERE candidates >= 10 AND passed < candidates
)
SELECT import_id, source_row, CASE WHEN k % 2 = 1 THEN 'passed_exceeds_candidates' ELSE 'stated_rate_mismatch' END AS code
FROM results WHERE k <= 2 * (SELECT anomalies FROM gen_cfg);

UPDATE exam_results SET passed = exam_results.candidates + 1 + exam_results.source_row % 5, stated_rate = NULL
FROM gen_anomaly a
WHERE a.code = 'passed_exceeds_candidates' AND a.import_id = exam_results.import_id AND a.source_row = exam_results.source_row;

UPDATE exam_results SET stated_rate = round(exam_results.passed / exam_results.candidates + CASE WHEN exam_results.passed / exam_results.candidates > 0.5 THEN -0.15 ELSE 0.15 END, 3)
FROM gen_anomaly a
WHERE a.code = 'stated_rate_mismatch' AND a.import_id = exam_results.import_id AND a.source_row = exam_results.source_row;

-- 合计 rows that disagree with their rows: candidates of a few results reports, a few cities' quota totals.
UPDATE stated_totals SET value = value + 7 + import_id % 40, value_as_printed = CAST(CAST(value + 7 + import_id % 40 AS BIGINT) AS VARCHAR)
WHERE metric = 'candidates' AND import_id IN (
  SELECT id FROM gen_imports WHERE part = 'results' ORDER BY gen_u('total', id, 0), id LIMIT greatest(1, (SELECT anomalies FROM gen_cfg) // 2));

UPDATE stated_totals SET value = value - 10, value_as_printed = CAST(CAST(value - 10 AS BIGINT) AS VARCHAR)
FROM (
  SELECT import_id, city FROM stated_totals
  WHERE metric = 'quota' AND city IS NOT NULL
  ORDER BY gen_u('quota_total', import_id, hash(city)), import_id, city
  LIMIT greatest(1, (SELECT anomalies FROM gen_cfg) // 2)
) t
WHERE stated_totals.metric = 'quota' AND stated_totals.import_id = t.import_id AND stated_totals.city = t.city;

UPDATE pilot_applications SET approved = pilot_applications.requested + 5 + pilot_applications.source_row % 20
FROM (
  SELECT import_id, source_row FROM pilot_applications
  WHERE approved > 0
  ORDER BY gen_u('approved', import_id, source_row), import_id, source_row
  LIMIT (SELECT anomalies FROM gen_cfg)
) t
WHERE pilot_applications.import_id = t.import_id AND pilot_applications.source_row = t.source_row;
