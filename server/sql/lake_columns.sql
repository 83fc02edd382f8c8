-- The lake export: every base table of the main schema with its columns in
-- order and DuckDB's own type names (the lake's views cast back to them).
SELECT c.table_name, c.column_name, c.data_type
FROM duckdb_columns() c
JOIN duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name
WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT t.temporary
ORDER BY c.table_name, c.column_index
