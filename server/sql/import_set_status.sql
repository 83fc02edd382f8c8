UPDATE imports SET status = $status WHERE id = $id
