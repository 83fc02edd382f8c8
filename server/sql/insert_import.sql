INSERT INTO imports (file_name, sha256, kind, imported_by, row_count, status, note, overlap_choice, overlap_reason, overlap_imports)
VALUES ($file_name, $sha256, $kind, $imported_by, $row_count, $status, $note, $overlap_choice, $overlap_reason, $overlap_imports)
RETURNING id
