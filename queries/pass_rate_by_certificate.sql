-- @title 各证书通过率
-- @description 每个证书的考证人数、通过人数、通过率及其 95% Wilson 置信区间，按通过率从高到低排列。
-- @description Pass rate per certificate with its sample size and 95% Wilson interval, highest first.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school school 学校（编号或名称）
-- @param level level 等级（初级/中级/高级）
-- @column certificate VARCHAR 证书
-- @column certificate_id INTEGER 证书编号
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column schools INTEGER 学校数
WITH filtered AS (
  SELECT e.*
  FROM exam_results_in($scope) e
  JOIN schools s ON s.id = e.school_id
  WHERE ($year IS NULL OR e.year = $year)
    AND ($province IS NULL OR s.province = $province)
    AND ($city IS NULL OR s.city = $city)
    AND ($school IS NULL OR e.school_id = $school)
    AND ($level IS NULL OR e.level = $level)
),
per_certificate AS (
  SELECT certificate_id,
         CAST(sum(candidates) AS INTEGER) AS candidates,
         CAST(sum(passed) AS INTEGER) AS passed,
         CAST(count(DISTINCT school_id) AS INTEGER) AS schools
  FROM filtered
  GROUP BY certificate_id
)
SELECT c.name AS certificate,
       p.certificate_id,
       p.candidates,
       p.passed,
       p.passed / nullif(p.candidates, 0) AS pass_rate,
       wilson_low(p.passed, p.candidates, 1.959964) AS ci_low,
       wilson_high(p.passed, p.candidates, 1.959964) AS ci_high,
       p.schools
FROM per_certificate p
JOIN certificates c ON c.id = p.certificate_id
ORDER BY pass_rate DESC NULLS LAST, p.candidates DESC, certificate;
