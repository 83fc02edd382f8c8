SELECT id, name, description, owner, sql, params, created_at
FROM saved_queries
WHERE id = $id
