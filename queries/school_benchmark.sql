-- @title 学校与全省对比（按证书）
-- @description 一所学校每个年份、每个证书（by_level=true 时再按等级）的考证人数、通过人数、通过率与 95% Wilson 区间；同省同证书同年份的合并通过率（含本校）；以及本校与省内其他院校之差及其 95% Newcombe 区间（两样本独立，故与“其他院校”比较）。verdict：below 显著低于、above 显著高于、no_difference 差异不显著、no_comparison 省内无其他院校数据。
-- @description One school per year and certificate (and level when by_level=true): its rate with 95% Wilson interval, the province's pooled rate for the same certificate and year (school included), and the difference school − other schools of the province with its 95% Newcombe hybrid score interval (the samples must be independent, hence the other schools).
-- @scope benchmark
-- @param school school 学校（编号或名称）
-- @param year integer 年份
-- @param level level 等级（初级/中级/高级）
-- @param by_level boolean 按等级分行
-- @column year INTEGER 年份
-- @column certificate VARCHAR 证书
-- @column certificate_id INTEGER 证书编号
-- @column level VARCHAR 等级（空 = 各等级合计或未分等级）
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column province VARCHAR 省份
-- @column province_candidates INTEGER 全省考证人数
-- @column province_passed INTEGER 全省通过人数
-- @column province_rate DOUBLE 全省合并通过率
-- @column province_schools INTEGER 全省院校数
-- @column others_candidates INTEGER 省内其他院校考证人数
-- @column others_passed INTEGER 省内其他院校通过人数
-- @column others_rate DOUBLE 省内其他院校通过率
-- @column diff DOUBLE 差异（本校 − 其他院校）
-- @column diff_low DOUBLE 差异95%下限
-- @column diff_high DOUBLE 差异95%上限
-- @column verdict VARCHAR 结论（below/above/no_difference/no_comparison）
WITH me AS (
  SELECT id, province FROM schools WHERE id = $school
),
scoped AS (
  SELECT e.year,
         e.certificate_id,
         CASE WHEN coalesce($by_level, false) THEN e.level END AS level,
         e.school_id,
         e.candidates,
         e.passed
  FROM exam_results_benchmark($scope) e
  JOIN schools s ON s.id = e.school_id
  CROSS JOIN me
  WHERE (e.school_id = me.id OR (me.province IS NOT NULL AND s.province = me.province))
    AND ($year IS NULL OR e.year = $year)
    AND ($level IS NULL OR e.level = $level)
),
-- The school's own figures only from rows the principal may see: naming a
-- peer's id here gives its public rows and nothing more.
mine AS (
  SELECT e.year, e.certificate_id, CASE WHEN coalesce($by_level, false) THEN e.level END AS level,
         sum(e.candidates) AS candidates, sum(e.passed) AS passed
  FROM exam_results_in($scope) e
  WHERE e.school_id = $school
    AND ($year IS NULL OR e.year = $year)
    AND ($level IS NULL OR e.level = $level)
  GROUP BY ALL
),
province_all AS (
  SELECT year, certificate_id, level, sum(candidates) AS candidates, sum(passed) AS passed,
         count(DISTINCT school_id) AS schools
  FROM scoped
  GROUP BY year, certificate_id, level
),
others AS (
  SELECT year, certificate_id, level, sum(candidates) AS candidates, sum(passed) AS passed
  FROM scoped WHERE school_id <> $school
  GROUP BY year, certificate_id, level
),
compared AS (
  SELECT m.year, m.certificate_id, m.level,
         m.candidates, m.passed,
         pa.candidates AS province_candidates, pa.passed AS province_passed, pa.schools AS province_schools,
         o.candidates AS others_candidates, o.passed AS others_passed,
         newcombe_low(m.passed, m.candidates, o.passed, o.candidates, 1.959964) AS diff_low,
         newcombe_high(m.passed, m.candidates, o.passed, o.candidates, 1.959964) AS diff_high
  FROM mine m
  LEFT JOIN province_all pa
    ON pa.year = m.year AND pa.certificate_id = m.certificate_id AND pa.level IS NOT DISTINCT FROM m.level
  LEFT JOIN others o
    ON o.year = m.year AND o.certificate_id = m.certificate_id AND o.level IS NOT DISTINCT FROM m.level
)
SELECT x.year,
       c.name AS certificate,
       x.certificate_id,
       x.level,
       CAST(x.candidates AS INTEGER) AS candidates,
       CAST(x.passed AS INTEGER) AS passed,
       x.passed / nullif(x.candidates, 0) AS pass_rate,
       wilson_low(x.passed, x.candidates, 1.959964) AS ci_low,
       wilson_high(x.passed, x.candidates, 1.959964) AS ci_high,
       (SELECT province FROM me) AS province,
       CAST(x.province_candidates AS INTEGER) AS province_candidates,
       CAST(x.province_passed AS INTEGER) AS province_passed,
       x.province_passed / nullif(x.province_candidates, 0) AS province_rate,
       CAST(x.province_schools AS INTEGER) AS province_schools,
       CAST(x.others_candidates AS INTEGER) AS others_candidates,
       CAST(x.others_passed AS INTEGER) AS others_passed,
       x.others_passed / nullif(x.others_candidates, 0) AS others_rate,
       x.passed / nullif(x.candidates, 0) - x.others_passed / nullif(x.others_candidates, 0) AS diff,
       x.diff_low,
       x.diff_high,
       CASE
         WHEN x.diff_low IS NULL OR x.diff_high IS NULL THEN 'no_comparison'
         WHEN x.diff_high < 0 THEN 'below'
         WHEN x.diff_low > 0 THEN 'above'
         ELSE 'no_difference'
       END AS verdict
FROM compared x
JOIN certificates c ON c.id = x.certificate_id
ORDER BY x.year DESC, pass_rate DESC NULLS LAST, x.candidates DESC, certificate,
         CASE x.level WHEN '初级' THEN 1 WHEN '中级' THEN 2 WHEN '高级' THEN 3 ELSE 4 END;
