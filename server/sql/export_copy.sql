COPY export_result TO {{file}} (FORMAT parquet, COMPRESSION zstd);
