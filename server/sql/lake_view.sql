-- A lake table as a view with the database's own column order and types ({{columns}}: CAST(col AS type) AS col, …;
-- {{files}}: the manifest's files, a list literal; {{options}}: the hive partitioning options where the table has them).
CREATE OR REPLACE VIEW {{table}} AS
SELECT {{columns}} FROM read_parquet({{files}}{{options}})
