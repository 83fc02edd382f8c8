SELECT i.id, i.file_name, i.sha256, i.kind, i.imported_by,
       strftime(i.imported_at, '%Y-%m-%d %H:%M:%S') AS imported_at,
       i.row_count, i.status, i.note, i.overlap_choice, i.overlap_reason, i.overlap_imports,
       count(f.severity) FILTER (WHERE f.severity = 'error') AS errors,
       count(f.severity) FILTER (WHERE f.severity = 'warning') AS warnings,
       count(f.severity) FILTER (WHERE f.severity = 'info') AS infos
FROM imports i
LEFT JOIN findings f ON f.import_id = i.id
WHERE i.id = $id
GROUP BY ALL
