-- A reserved import whose write transaction failed (it holds no rows: that transaction rolled back).
DELETE FROM imports WHERE id = $id AND status = 'pending'
