-- Profile of a candidate-level CSV before import, in one scan by DuckDB's
-- reader (never row by row in JS): the distinct combinations of certificate,
-- result, level, school and year with their row counts, and per combination
-- the rows without a student key and with an unreadable score. Column
-- positions are 1-based; 0 means the file has no such column (→ NULL).
SELECT trim(cells[$certificate_col]) AS certificate,
       trim(cells[$result_col]) AS result,
       trim(cells[$level_col]) AS level,
       trim(cells[$school_col]) AS school,
       trim(cells[$year_col]) AS year,
       count(*) AS n,
       count(*) FILTER (WHERE nullif(trim(cells[$key_col]), '') IS NULL) AS missing_key,
       count(*) FILTER (WHERE nullif(trim(cells[$score_col]), '') IS NOT NULL
                          AND TRY_CAST(trim(cells[$score_col]) AS DOUBLE) IS NULL) AS bad_score
FROM (
  SELECT list_value(*COLUMNS(*)) AS cells
  FROM read_csv($path, header = false, skip = $skip, all_varchar = true, delim = $delim,
                quote = '"', escape = '"', null_padding = true)
)
GROUP BY ALL
