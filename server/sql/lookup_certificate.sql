SELECT DISTINCT c.id
FROM certificates c
LEFT JOIN certificate_aliases a ON a.certificate_id = c.id
WHERE CAST(c.id AS VARCHAR) = $value OR a.alias_key = $key
