-- The rows a named query has in all, for a page past its end (which holds no
-- row to carry the window count of page_wrap.sql).
SELECT count(*) AS total
FROM (
{{query}}
) AS __xp_page
