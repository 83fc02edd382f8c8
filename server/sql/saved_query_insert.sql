INSERT INTO saved_queries (name, description, owner, sql, params)
VALUES ($name, $description, $owner, $sql, $params)
RETURNING id, name, description, owner, sql, params, created_at
