-- @title 院校对比（漏斗图）
-- @description 某证书各院校的考证人数、通过人数、通过率与 95% Wilson 区间，以及围绕合并通过率的 95% 与 99.8% 漏斗界限。
-- @description Schools on one certificate: rate with 95% Wilson interval and funnel limits (95%, 99.8%) around the pooled rate.
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
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
WITH per_school AS (
  SELECT e.school_id,
         sum(e.candidates) AS candidates,
         sum(e.passed) AS passed
  FROM exam_results e
  JOIN schools s ON s.id = e.school_id
  WHERE ($certificate IS NULL OR e.certificate_id = $certificate)
    AND ($year IS NULL OR e.year = $year)
    AND ($province IS NULL OR s.province = $province)
  GROUP BY e.school_id
),
pooled AS (
  SELECT sum(passed) / nullif(sum(candidates), 0) AS rate FROM per_school
)
SELECT s.name AS school,
       p.school_id,
       CAST(p.candidates AS INTEGER) AS candidates,
       CAST(p.passed AS INTEGER) AS passed,
       p.passed / nullif(p.candidates, 0) AS pass_rate,
       wilson_low(p.passed, p.candidates, 1.959964) AS ci_low,
       wilson_high(p.passed, p.candidates, 1.959964) AS ci_high,
       pooled.rate AS pooled_rate,
       funnel_low(pooled.rate, p.candidates, 1.959964) AS funnel_low,
       funnel_high(pooled.rate, p.candidates, 1.959964) AS funnel_high,
       funnel_low(pooled.rate, p.candidates, 3.090232) AS funnel_low_998,
       funnel_high(pooled.rate, p.candidates, 3.090232) AS funnel_high_998
FROM per_school p
CROSS JOIN pooled
JOIN schools s ON s.id = p.school_id
WHERE p.candidates >= coalesce($min_candidates, 0)
ORDER BY pass_rate DESC, candidates DESC;
