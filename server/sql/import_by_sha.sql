SELECT id, file_name, kind, CAST(imported_at AS VARCHAR) AS imported_at, imported_by
FROM imports
WHERE sha256 = $sha256 AND status = 'committed'
ORDER BY id DESC
LIMIT 1
