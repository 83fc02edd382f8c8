-- Rows under an import whose status the check does not know.
INSERT INTO imports (id, file_name, sha256, kind, imported_by, row_count, status, note)
VALUES (904, '未知.csv', 'sha-904', 'exam_results', 'test', 1, 'archived', NULL);
INSERT INTO exam_results (import_id, school_id, year, certificate_id, level, candidates, passed, certificate_as_printed)
VALUES (904, 1, 2021, 1, NULL, 10, 9, '智能财税');
