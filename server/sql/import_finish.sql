-- The last statement of an import's write transaction: its facts now count,
-- with the overlap choice (replace | keep, the reason, the imports it overlapped) recorded.
UPDATE imports SET status = 'committed', row_count = $row_count,
  overlap_choice = $overlap_choice, overlap_reason = $overlap_reason, overlap_imports = $overlap_imports
WHERE id = $id AND status = 'pending'
