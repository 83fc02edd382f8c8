-- Every stored value of one import's candidate records (for the pseudonymisation test).
SELECT school_id, year, certificate_id, level, major, student_key, score, passed
FROM exam_records
WHERE import_id = $id
ORDER BY student_key, certificate_id
