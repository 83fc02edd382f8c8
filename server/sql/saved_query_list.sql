-- One page of one owner's saved queries, newest first.
SELECT id, name, description, owner, sql, params, created_at
FROM saved_queries
WHERE owner = $owner
ORDER BY created_at DESC, id DESC
LIMIT $limit::BIGINT OFFSET $offset::BIGINT
