SELECT table_name AS table_name, column_name AS name, data_type AS type, is_nullable AS nullable, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name, column_index
