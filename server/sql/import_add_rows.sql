UPDATE imports SET row_count = row_count + $rows WHERE id = $id
