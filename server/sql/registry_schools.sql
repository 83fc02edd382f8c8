SELECT s.id, s.name, s.type, s.province, s.city,
       coalesce(list(a.alias ORDER BY a.alias) FILTER (WHERE a.alias IS NOT NULL), []) AS aliases
FROM schools s
LEFT JOIN school_aliases a ON a.school_id = s.id
GROUP BY ALL
ORDER BY s.id
