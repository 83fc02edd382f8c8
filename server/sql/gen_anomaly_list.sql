-- npm run generate: the inconsistent figures of the synthetic reports, one row each, for their findings.
SELECT 'passed_exceeds_candidates' AS code, r.import_id, r.source_file, r.source_table, r.source_row,
       s.name || '·' || c.name || coalesce(r.level, '') AS who, r.passed AS a, r.candidates AS b, r.stated_rate AS rate, NULL::DOUBLE AS stated
FROM exam_results r JOIN schools s ON s.id = r.school_id JOIN certificates c ON c.id = r.certificate_id
WHERE r.passed > r.candidates
UNION ALL
SELECT 'stated_rate_mismatch', r.import_id, r.source_file, r.source_table, r.source_row,
       s.name || '·' || c.name || coalesce(r.level, ''), r.passed, r.candidates, r.stated_rate, NULL
FROM exam_results r JOIN schools s ON s.id = r.school_id JOIN certificates c ON c.id = r.certificate_id
WHERE r.stated_rate IS NOT NULL AND r.passed <= r.candidates AND abs(r.stated_rate - r.passed / r.candidates) > 0.01
UNION ALL
SELECT 'approved_exceeds_requested', a.import_id, a.source_file, a.source_table, a.source_row,
       s.name || '·' || c.name || coalesce(a.level, ''), a.approved, a.requested, NULL, NULL
FROM pilot_applications a JOIN schools s ON s.id = a.school_id JOIN certificates c ON c.id = a.certificate_id
WHERE a.approved > a.requested
UNION ALL
SELECT 'total_mismatch', t.import_id, t.source_file, t.source_table, NULL, '考证人数', CAST(t.value AS BIGINT),
       (SELECT sum(candidates) FROM exam_results r WHERE r.import_id = t.import_id), NULL, t.value
FROM stated_totals t
WHERE t.metric = 'candidates' AND t.value <> (SELECT sum(candidates) FROM exam_results r WHERE r.import_id = t.import_id)
UNION ALL
SELECT 'total_mismatch', t.import_id, t.source_file, t.source_table, NULL, t.city || '名额', CAST(t.value AS BIGINT),
       (SELECT sum(quota) FROM training_quotas q WHERE q.import_id = t.import_id AND q.city = t.city), NULL, t.value
FROM stated_totals t
WHERE t.metric = 'quota' AND t.city IS NOT NULL
  AND t.value <> (SELECT sum(quota) FROM training_quotas q WHERE q.import_id = t.import_id AND q.city = t.city)
ORDER BY 1, 2, 5, 6
