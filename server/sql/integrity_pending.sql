-- Imports whose write never finished (see server/import/commit.ts).
SELECT id, file_name FROM imports WHERE status = 'pending' ORDER BY id
