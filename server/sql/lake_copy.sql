-- One table to one Parquet file ({{source}}: a quoted table name, or meta's filtered select).
COPY (SELECT * FROM {{source}}) TO {{file}} (FORMAT parquet, COMPRESSION zstd)
