-- One table to a hive-partitioned directory ({{dir}}/province=…/year=…/data_0.parquet).
COPY (SELECT * FROM {{source}}) TO {{dir}} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({{partitions}}))
