-- Saves a query unless its owner already has $max (one statement, so two saves at once cannot both pass the check).
INSERT INTO saved_queries (name, description, owner, sql, params)
SELECT $name, $description, $owner, $sql, $params
WHERE (SELECT count(*) FROM saved_queries WHERE owner = $owner) < $max::BIGINT
RETURNING id, name, description, owner, sql, params, created_at
