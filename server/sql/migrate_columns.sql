-- Every column of every table of the main database, to find those an older
-- database file lacks (server/dataset/migrate.ts).
SELECT table_name, column_name
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name, column_index
