-- @title 各证书通过率（前 N 名与后 N 名）
-- @description 总览用：通过率有把握地高的 N 个证书（按 95% 区间下限排序）和有把握地低的 N 个证书（按区间上限排序），其余证书合并为“其他”一行（在 SQL 中合计人数，再算合并通过率与区间），图上不超过 2N+1 根柱子。
-- @description For the overview: the N certificates confidently highest (by the 95% interval's lower bound) and the N confidently lowest (by its upper bound); the rest pooled in SQL as one 其他 row with its own rate and interval, so a chart draws at most 2N+1 bars.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称；同名城市须同时给省份）
-- @param school school 学校（编号或名称）
-- @param level level 等级（初级/中级/高级）
-- @param n integer 前后各取几个（1–25，默认 10）
-- @column certificate VARCHAR 证书
-- @column certificate_id INTEGER 证书编号（其他为空）
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column schools INTEGER 学校数（其他行为所含证书的学校去重数）
-- @column grp VARCHAR 分组（top/other/bottom）
-- @column certificates INTEGER 合并的证书数
-- @column certificate_count INTEGER 证书总数
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
  SELECT certificate_id, sum(candidates) AS candidates, sum(passed) AS passed
  FROM filtered
  GROUP BY certificate_id
),
ranked AS (
  SELECT *,
         wilson_low(passed, candidates, 1.959964) AS lo,
         wilson_high(passed, candidates, 1.959964) AS hi,
         least(greatest(coalesce($n, 10), 1), 25) AS n,
         count(*) OVER () AS total
  FROM per_certificate
),
ordered AS (
  SELECT *,
         row_number() OVER (ORDER BY lo DESC NULLS LAST, candidates DESC, certificate_id) AS top_rank,
         row_number() OVER (ORDER BY hi ASC NULLS LAST, candidates DESC, certificate_id) AS bottom_rank
  FROM ranked
),
grouped AS (
  SELECT *, CASE WHEN top_rank <= n THEN 'top' WHEN bottom_rank <= n THEN 'bottom' ELSE 'other' END AS grp
  FROM ordered
),
pooled AS (
  SELECT grp,
         CASE WHEN grp = 'other' THEN NULL ELSE certificate_id END AS certificate_id,
         sum(candidates) AS candidates, sum(passed) AS passed, count(*) AS certificates
  FROM grouped
  GROUP BY grp, CASE WHEN grp = 'other' THEN NULL ELSE certificate_id END
),
schools_of AS (
  SELECT g.grp, CASE WHEN g.grp = 'other' THEN NULL ELSE g.certificate_id END AS certificate_id, count(DISTINCT f.school_id) AS schools
  FROM filtered f JOIN grouped g ON g.certificate_id = f.certificate_id
  GROUP BY 1, 2
)
SELECT coalesce(c.name, '其他 ' || p.certificates || ' 个证书') AS certificate,
       p.certificate_id,
       CAST(p.candidates AS INTEGER) AS candidates,
       CAST(p.passed AS INTEGER) AS passed,
       p.passed / nullif(p.candidates, 0) AS pass_rate,
       wilson_low(p.passed, p.candidates, 1.959964) AS ci_low,
       wilson_high(p.passed, p.candidates, 1.959964) AS ci_high,
       CAST(s.schools AS INTEGER) AS schools,
       p.grp,
       CAST(p.certificates AS INTEGER) AS certificates,
       CAST((SELECT max(total) FROM ranked) AS INTEGER) AS certificate_count
FROM pooled p
LEFT JOIN certificates c ON c.id = p.certificate_id
LEFT JOIN schools_of s ON s.grp = p.grp AND s.certificate_id IS NOT DISTINCT FROM p.certificate_id
ORDER BY pass_rate DESC NULLS LAST, candidates DESC, certificate;
