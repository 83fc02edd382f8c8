-- A candidate-level CSV read once by DuckDB's reader into a temporary table of
-- the connection that previews and then commits it: the profile and the
-- INSERT both read this table, so the file is parsed once, not twice. Only
-- the columns the import uses are kept, trimmed; column positions are
-- 1-based and 0 (no such column) gives NULL.
CREATE OR REPLACE TEMP TABLE records_stage AS
SELECT trim(cells[$key_col]) AS student,
       trim(cells[$certificate_col]) AS certificate,
       trim(cells[$level_col]) AS level,
       trim(cells[$major_col]) AS major,
       trim(cells[$score_col]) AS score,
       trim(cells[$result_col]) AS result,
       trim(cells[$school_col]) AS school,
       trim(cells[$year_col]) AS year
FROM (
  SELECT list_value(*COLUMNS(*)) AS cells
  FROM read_csv($path, header = false, skip = $skip, all_varchar = true, delim = $delim,
                quote = '"', escape = '"', null_padding = true)
)
