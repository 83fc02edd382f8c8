SELECT DISTINCT function_name AS name, parameters::VARCHAR[] AS parameters
FROM duckdb_functions()
WHERE function_type IN ('macro', 'table_macro') AND database_name = current_database() AND NOT internal
ORDER BY name
