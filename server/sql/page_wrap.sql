-- Pages a named query inside DuckDB (server/lib/paging.ts puts the query
-- text in the placeholder below): the window count is the total before paging,
-- and an empty OVER () keeps the query's ORDER BY through LIMIT/OFFSET
-- (DuckDB's order-preservation rules).
SELECT *, count(*) OVER () AS __xp_total
FROM (
{{query}}
) AS __xp_page
LIMIT $__xp_limit OFFSET $__xp_offset
