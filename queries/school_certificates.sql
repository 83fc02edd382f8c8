-- @title 院校并列对比（按证书）
-- @description 选定的几所院校在各证书上的考证人数、通过人数、通过率与 95% Wilson 区间（各等级合计）。证书按参与院校数和考证总人数排序。
-- @description Side by side: for the chosen schools, each certificate's candidates, passed, pass rate and 95% Wilson interval (levels summed); certificates ordered by schools then total candidates.
-- @scope school
-- @param schools schools 学校（以逗号分隔的编号或名称）
-- @param year integer 年份
-- @param level level 等级（初级/中级/高级）
-- @column school VARCHAR 学校
-- @column school_id INTEGER 学校编号
-- @column certificate VARCHAR 证书
-- @column certificate_id INTEGER 证书编号
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column school_order INTEGER 学校顺序（按参数中的顺序）
-- @column certificate_order INTEGER 证书顺序
WITH chosen AS (
  SELECT CAST(t.id AS INTEGER) AS school_id, CAST(t.pos AS INTEGER) AS school_order
  FROM (SELECT unnest(string_split($schools, ',')) AS id, generate_subscripts(string_split($schools, ','), 1) AS pos) t
),
per_pair AS (
  SELECT e.school_id, e.certificate_id, sum(e.candidates) AS candidates, sum(e.passed) AS passed
  FROM exam_results_in($scope) e
  WHERE e.school_id IN (SELECT school_id FROM chosen)
    AND ($year IS NULL OR e.year = $year)
    AND ($level IS NULL OR e.level = $level)
  GROUP BY e.school_id, e.certificate_id
),
cert_order AS (
  SELECT certificate_id,
         CAST(row_number() OVER (ORDER BY count(*) DESC, sum(candidates) DESC, certificate_id) AS INTEGER) AS certificate_order
  FROM per_pair
  GROUP BY certificate_id
)
SELECT s.name AS school,
       p.school_id,
       c.name AS certificate,
       p.certificate_id,
       CAST(p.candidates AS INTEGER) AS candidates,
       CAST(p.passed AS INTEGER) AS passed,
       p.passed / nullif(p.candidates, 0) AS pass_rate,
       wilson_low(p.passed, p.candidates, 1.959964) AS ci_low,
       wilson_high(p.passed, p.candidates, 1.959964) AS ci_high,
       ch.school_order,
       o.certificate_order
FROM per_pair p
JOIN chosen ch ON ch.school_id = p.school_id
JOIN schools s ON s.id = p.school_id
JOIN certificates c ON c.id = p.certificate_id
JOIN cert_order o ON o.certificate_id = p.certificate_id
ORDER BY o.certificate_order, ch.school_order;
