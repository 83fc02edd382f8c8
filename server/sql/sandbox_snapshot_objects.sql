-- What the snapshot holds after copying the schema: tables and views.
SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE database_name = $snapshot
UNION ALL
SELECT view_name, 'view' FROM duckdb_views() WHERE database_name = $snapshot AND NOT internal
