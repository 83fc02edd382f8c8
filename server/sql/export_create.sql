-- The table a result is appended to before DuckDB writes it as Parquet
-- (on a scratch instance). {{columns}}: quoted names with DuckDB's own type names.
CREATE TABLE export_result ({{columns}});
