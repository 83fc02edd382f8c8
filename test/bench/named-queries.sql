-- The bench's parameters: the certificate most schools report, the school with
-- the most exam-result rows and the two after it (names, as a page sends them).
SELECT
  (SELECT c.name FROM exam_results e JOIN certificates c ON c.id = e.certificate_id
   GROUP BY c.name ORDER BY count(DISTINCT e.school_id) DESC, c.name LIMIT 1) AS certificate,
  (SELECT string_agg(name, ',' ORDER BY n DESC, name) FROM (
     SELECT s.name, count(*) AS n FROM exam_results e JOIN schools s ON s.id = e.school_id
     GROUP BY s.name ORDER BY n DESC, s.name LIMIT 3)) AS schools
