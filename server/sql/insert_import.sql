INSERT INTO imports (file_name, sha256, kind, imported_by, row_count, status, note, visibility)
VALUES ($file_name, $sha256, $kind, $imported_by, $row_count, 'committed', $note, $visibility)
RETURNING id
