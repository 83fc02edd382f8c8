-- Rebuilds one table of an older database file in the shape schema.sql gives
-- it (server/dataset/migrate.ts runs this inside one transaction). Copy and
-- rename rather than ALTER TABLE … ADD COLUMN: DuckDB 1.5 cannot replay an
-- ADD COLUMN from its write-ahead log on a table with a function default
-- (current_timestamp, nextval), so a kill before the next checkpoint would
-- leave a database that does not open. Columns the old table lacks get their
-- defaults (INSERT … BY NAME).
{{create}};
INSERT INTO {{next}} BY NAME SELECT * FROM {{table}};
DROP TABLE {{table}};
ALTER TABLE {{next}} RENAME TO {{table}};
