-- Profile of a staged candidate-level CSV (records_stage.sql) before import:
-- the distinct combinations of certificate, result, level, school and year
-- with their row counts, and per combination the rows without a student key
-- and with an unreadable score.
SELECT certificate, result, level, school, year,
       count(*) AS n,
       count(*) FILTER (WHERE nullif(student, '') IS NULL) AS missing_key,
       count(*) FILTER (WHERE nullif(score, '') IS NOT NULL
                          AND TRY_CAST(score AS DOUBLE) IS NULL) AS bad_score
FROM records_stage
GROUP BY ALL
