-- The tables the SQL console can read, with their comments (run on the sandbox).
SELECT table_name AS name, comment
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name
