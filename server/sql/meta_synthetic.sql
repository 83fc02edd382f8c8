-- Whether the database holds a generated synthetic dataset (npm run generate), and of what scale and seed.
SELECT max(value) FILTER (WHERE key = 'synthetic') AS scale,
       max(value) FILTER (WHERE key = 'synthetic_seed') AS seed,
       max(value) FILTER (WHERE key = 'dataset_version') AS version
FROM meta
WHERE key IN ('synthetic', 'synthetic_seed', 'dataset_version')
