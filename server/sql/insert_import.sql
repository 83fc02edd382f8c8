INSERT INTO imports (file_name, sha256, kind, imported_by, row_count, status, note)
VALUES ($file_name, $sha256, $kind, $imported_by, $row_count, $status, $note)
RETURNING id
