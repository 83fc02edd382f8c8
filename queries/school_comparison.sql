-- @title 院校对比（漏斗图）
-- @description 某证书各院校的考证人数、通过人数、通过率与 95% Wilson 区间，以及围绕合并通过率的 95% 与 99.8% 漏斗界限；落在界限外的院校标出，样本小（n<30）的标为小样本。
-- @description Schools on one certificate: rate with 95% Wilson interval and funnel limits (95%, 99.8%) around the pooled rate of the schools in scope; schools outside the limits are flagged, n<30 marked small.
-- @scope benchmark
-- @peers id=school_id label=school province=province hide=city,school_type
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型（中职/高职/本科层次职业学校/应用型本科/普通本科）
-- @param level level 等级（初级/中级/高级）
-- @param min_candidates integer 最少考证人数
-- @column school VARCHAR 学校
-- @column school_id INTEGER 学校编号
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column pooled_rate DOUBLE 合并通过率
-- @column funnel_low DOUBLE 95%漏斗下限
-- @column funnel_high DOUBLE 95%漏斗上限
-- @column funnel_low_998 DOUBLE 99.8%漏斗下限
-- @column funnel_high_998 DOUBLE 99.8%漏斗上限
-- @column province VARCHAR 省份
-- @column city VARCHAR 城市
-- @column school_type VARCHAR 学校类型
-- @column position VARCHAR 漏斗位置（below_998/below_95/within/above_95/above_998）
-- @column small_sample BOOLEAN 小样本（n<30）
-- @column rank INTEGER 名次（按通过率）
WITH per_school AS (
  SELECT e.school_id,
         sum(e.candidates) AS candidates,
         sum(e.passed) AS passed
  FROM exam_results_benchmark($scope) e
  JOIN schools s ON s.id = e.school_id
  WHERE ($certificate IS NULL OR e.certificate_id = $certificate)
    AND ($year IS NULL OR e.year = $year)
    AND ($province IS NULL OR s.province = $province)
    AND ($city IS NULL OR s.city = $city)
    AND ($school_type IS NULL OR s.type = $school_type)
    AND ($level IS NULL OR e.level = $level)
  GROUP BY e.school_id
),
pooled AS (
  SELECT sum(passed) / nullif(sum(candidates), 0) AS rate FROM per_school
),
limits AS (
  SELECT p.*,
         p.passed / nullif(p.candidates, 0) AS pass_rate,
         pooled.rate AS pooled_rate,
         funnel_low(pooled.rate, p.candidates, 1.959964) AS funnel_low,
         funnel_high(pooled.rate, p.candidates, 1.959964) AS funnel_high,
         funnel_low(pooled.rate, p.candidates, 3.090232) AS funnel_low_998,
         funnel_high(pooled.rate, p.candidates, 3.090232) AS funnel_high_998
  FROM per_school p
  CROSS JOIN pooled
)
SELECT s.name AS school,
       l.school_id,
       CAST(l.candidates AS INTEGER) AS candidates,
       CAST(l.passed AS INTEGER) AS passed,
       l.pass_rate,
       wilson_low(l.passed, l.candidates, 1.959964) AS ci_low,
       wilson_high(l.passed, l.candidates, 1.959964) AS ci_high,
       l.pooled_rate,
       l.funnel_low,
       l.funnel_high,
       l.funnel_low_998,
       l.funnel_high_998,
       s.province,
       s.city,
       s.type AS school_type,
       CASE
         WHEN l.pass_rate IS NULL THEN NULL
         WHEN l.pass_rate < l.funnel_low_998 THEN 'below_998'
         WHEN l.pass_rate < l.funnel_low THEN 'below_95'
         WHEN l.pass_rate > l.funnel_high_998 THEN 'above_998'
         WHEN l.pass_rate > l.funnel_high THEN 'above_95'
         ELSE 'within'
       END AS position,
       l.candidates < 30 AS small_sample,
       CAST(rank() OVER (ORDER BY l.pass_rate DESC NULLS LAST) AS INTEGER) AS rank
FROM limits l
JOIN schools s ON s.id = l.school_id
WHERE l.candidates >= coalesce($min_candidates, 0)
ORDER BY pass_rate DESC, candidates DESC, school;
