DELETE FROM saved_queries WHERE id = $id
