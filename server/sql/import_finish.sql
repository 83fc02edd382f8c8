-- The last statement of an import's write transaction: its facts now count.
UPDATE imports SET status = 'committed', row_count = $row_count WHERE id = $id AND status = 'pending'
