-- What interrupted writes leave behind (see server/dataset/integrity.ts):
-- 901: rows whose import row never made it (a commit replayed in part);
INSERT INTO exam_records (import_id, school_id, year, certificate_id, level, major, student_key, score, passed)
VALUES (901, 1, 2021, 1, '初级', '会计', 'k-1', 80, true), (901, 1, 2021, 1, '初级', '会计', 'k-2', 50, false);
INSERT INTO findings (import_id, severity, code, message) VALUES (901, 'info', 'pseudonymised', '假名化');
-- 902: an undo whose rows were not all removed;
INSERT INTO imports (id, file_name, sha256, kind, imported_by, row_count, status, note)
VALUES (902, '撤销了.csv', 'sha-902', 'exam_results', 'test', 1, 'undone', NULL);
INSERT INTO exam_results (import_id, school_id, year, certificate_id, level, candidates, passed, certificate_as_printed)
VALUES (902, 1, 2021, 1, NULL, 10, 9, '智能财税');
-- 903: a commit killed after its import row was reserved.
INSERT INTO imports (id, file_name, sha256, kind, imported_by, row_count, status, note)
VALUES (903, '写了一半.csv', 'sha-903', 'exam_results', 'test', 0, 'pending', NULL);
INSERT INTO stated_totals (import_id, metric, value, value_as_printed) VALUES (903, 'candidates', 10, '10');
