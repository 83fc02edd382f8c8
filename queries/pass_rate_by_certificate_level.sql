-- @title 各证书分等级通过率
-- @description 每个证书每个等级的考证人数、通过人数与通过率；未分等级的记录等级为空。
-- @description Pass rate per certificate and level; rows the report did not split by level have level NULL.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school school 学校（编号或名称）
-- @param certificate certificate 证书（编号或名称）
-- @column certificate VARCHAR 证书
-- @column certificate_id INTEGER 证书编号
-- @column level VARCHAR 等级
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
WITH filtered AS (
  SELECT e.*
  FROM exam_results_in($scope) e
  JOIN schools s ON s.id = e.school_id
  WHERE ($year IS NULL OR e.year = $year)
    AND ($province IS NULL OR s.province = $province)
    AND ($city IS NULL OR s.city = $city)
    AND ($school IS NULL OR e.school_id = $school)
    AND ($certificate IS NULL OR e.certificate_id = $certificate)
),
per_level AS (
  SELECT certificate_id, level,
         CAST(sum(candidates) AS INTEGER) AS candidates,
         CAST(sum(passed) AS INTEGER) AS passed
  FROM filtered
  GROUP BY certificate_id, level
)
SELECT c.name AS certificate,
       p.certificate_id,
       p.level,
       p.candidates,
       p.passed,
       p.passed / nullif(p.candidates, 0) AS pass_rate,
       wilson_low(p.passed, p.candidates, 1.959964) AS ci_low,
       wilson_high(p.passed, p.candidates, 1.959964) AS ci_high
FROM per_level p
JOIN certificates c ON c.id = p.certificate_id
ORDER BY certificate, CASE p.level WHEN '初级' THEN 1 WHEN '中级' THEN 2 WHEN '高级' THEN 3 ELSE 4 END;
