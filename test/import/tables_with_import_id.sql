-- The tables whose rows belong to an import.
SELECT table_name FROM duckdb_columns() WHERE column_name = 'import_id' ORDER BY table_name
