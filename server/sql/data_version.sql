-- Changes whenever the data the SQL console sees may have changed: the
-- default dataset's version and every import's id and status.
SELECT
  coalesce((SELECT value FROM meta WHERE key = 'dataset_version'), '') || ':' ||
  (SELECT count(*) FROM imports)::VARCHAR || ':' ||
  md5(coalesce((SELECT string_agg(id::VARCHAR || '/' || status || '/' || row_count::VARCHAR, ',' ORDER BY id) FROM imports), ''))
  AS version
