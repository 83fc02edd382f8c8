-- Rows per Parquet file of one exported table, from the files' own footers.
SELECT file_name, CAST(num_rows AS BIGINT) AS num_rows FROM parquet_file_metadata({{glob}}) ORDER BY file_name
