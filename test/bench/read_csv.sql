-- The baseline: DuckDB's own reader loading the same file into a table.
CREATE OR REPLACE TABLE plain_read AS SELECT * FROM read_csv($path, header = true)
