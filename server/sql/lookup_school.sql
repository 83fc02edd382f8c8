SELECT s.id
FROM schools s
LEFT JOIN school_aliases a ON a.school_id = s.id
WHERE CAST(s.id AS VARCHAR) = $value OR s.name = $value OR a.alias = $value
LIMIT 1
