-- @title 院校对比（漏斗图）
-- @description 某证书各院校的考证人数、通过人数、通过率与 95% Wilson 区间，以及围绕合并通过率的 95% 与 99.8% 漏斗界限；落在界限外的院校标出，样本小（n<30）的标为小样本。界限可按过度离散调整（Spiegelhalter 2005）：plain 为二项分布界限，phi 为乘以 √φ̂ 的界限（φ̂ 取缩尾 z 分数平方的均值，I·φ̂ 超过 χ²(I−1) 的 95% 分位时才放大），tau2 为加上院校间方差 τ̂² 的随机效应界限。
-- @description Schools on one certificate: rate with 95% Wilson interval and funnel limits (95%, 99.8%) around the pooled rate of the schools in scope; schools outside the limits are flagged, n<30 marked small. limits=plain|phi|tau2 chooses binomial limits, limits inflated by √φ̂ (φ̂ = mean of squared z-scores winsorised at the 10th/90th percentiles; applied when I·φ̂ exceeds the 95% point of χ² on I−1 df) or random-effects limits p ± z·√(s² + τ̂²) (τ̂² the DerSimonian–Laird-style moment estimate) — Spiegelhalter 2005, Qual Saf Health Care 14:347–351. outside=true keeps the schools outside the 95% limits.
-- @scope benchmark
-- @peers id=school_id label=school province=province hide=city,school_type
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型（中职/高职/本科层次职业学校/应用型本科/普通本科）
-- @param level level 等级（初级/中级/高级）
-- @param min_candidates integer 最少考证人数
-- @param limits limits 控制限（plain 二项分布 / phi 乘性 φ / tau2 加性 τ²；默认 plain）
-- @param outside boolean 只看落在 95% 控制限外的院校
-- @param sort text 排序：列与方向，如 candidates-desc（列：school/rank/place/candidates/passed/rate/ci/position/z，z 为 |z 分数|；默认按通过率从高到低）
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
-- @column z_score DOUBLE z 分数（相对合并通过率，二项分布标准差）
-- @column limits VARCHAR 所画控制限（plain/phi/tau2）
-- @column phi DOUBLE 过度离散系数 φ̂（缩尾 z 分数）
-- @column phi_applied BOOLEAN φ̂ 是否用于放大控制限
-- @column tau2 DOUBLE 院校间方差 τ̂²
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
-- z-scores against the pooled rate with the binomial standard error s = √(p(1−p)/n).
scored AS (
  SELECT p.*,
         p.passed / nullif(p.candidates, 0) AS pass_rate,
         pooled.rate AS pooled_rate,
         sqrt(pooled.rate * (1 - pooled.rate) / nullif(p.candidates, 0)) AS se,
         (p.passed / nullif(p.candidates, 0) - pooled.rate) / nullif(sqrt(pooled.rate * (1 - pooled.rate) / nullif(p.candidates, 0)), 0) AS z_score
  FROM per_school p
  CROSS JOIN pooled
),
-- Winsorised, not trimmed: the lowest and highest 10% of z-scores are set to the
-- 10th and 90th percentiles, so outliers count but cannot dominate φ̂.
bounds AS (
  SELECT quantile_cont(z_score, 0.1) AS z_lo, quantile_cont(z_score, 0.9) AS z_hi FROM scored WHERE z_score IS NOT NULL
),
moments AS (
  SELECT count(*) AS k,
         avg(pow(least(greatest(z_score, b.z_lo), b.z_hi), 2)) AS phi,
         sum(1 / (se * se)) AS sw,
         sum(pow(1 / (se * se), 2)) AS sw2
  FROM scored CROSS JOIN bounds b
  WHERE z_score IS NOT NULL
),
dispersion AS (
  SELECT phi,
         k >= 2 AND k * phi > chi2_upper_95(k - 1) AS phi_applied,
         CASE WHEN k >= 2 THEN greatest(0.0, (k * phi - (k - 1)) / nullif(sw - sw2 / sw, 0)) ELSE 0.0 END AS tau2,
         coalesce($limits, 'plain') AS method
  FROM moments
),
limits AS (
  SELECT s.*, d.phi, coalesce(d.phi_applied, false) AS phi_applied, coalesce(d.tau2, 0.0) AS tau2, d.method,
         funnel_sd(s.pooled_rate, s.candidates, d.method, CASE WHEN d.phi_applied THEN d.phi ELSE 1.0 END, d.tau2) AS sd
  FROM scored s
  CROSS JOIN dispersion d
),
placed AS (
  SELECT l.*,
         greatest(0.0, l.pooled_rate - 1.959964 * l.sd) AS funnel_low,
         least(1.0, l.pooled_rate + 1.959964 * l.sd) AS funnel_high,
         greatest(0.0, l.pooled_rate - 3.090232 * l.sd) AS funnel_low_998,
         least(1.0, l.pooled_rate + 3.090232 * l.sd) AS funnel_high_998
  FROM limits l
),
positioned AS (
  SELECT p.*,
         CASE
           WHEN p.pass_rate IS NULL OR p.sd IS NULL THEN NULL
           WHEN p.pass_rate < p.funnel_low_998 THEN 'below_998'
           WHEN p.pass_rate < p.funnel_low THEN 'below_95'
           WHEN p.pass_rate > p.funnel_high_998 THEN 'above_998'
           WHEN p.pass_rate > p.funnel_high THEN 'above_95'
           ELSE 'within'
         END AS position,
         CAST(rank() OVER (ORDER BY p.pass_rate DESC NULLS LAST) AS INTEGER) AS rank
  FROM placed p
  WHERE p.candidates >= coalesce($min_candidates, 0)
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
       l.position,
       l.candidates < 30 AS small_sample,
       l.rank,
       l.z_score,
       l.method AS limits,
       l.phi,
       l.phi_applied,
       l.tau2
FROM positioned l
JOIN schools s ON s.id = l.school_id
WHERE NOT coalesce($outside, false) OR l.position <> 'within'
-- The page sorts on the server, so a sorted table can be paged: a number key and
-- a text key, one of them NULL; an unknown key leaves the default order.
ORDER BY
  CASE WHEN split_part($sort, '-', 2) = 'desc' THEN -1 ELSE 1 END *
    CASE split_part($sort, '-', 1)
      WHEN 'rank' THEN l.rank
      WHEN 'z' THEN abs(l.z_score)
      WHEN 'candidates' THEN l.candidates
      WHEN 'passed' THEN l.passed
      WHEN 'rate' THEN l.pass_rate
      WHEN 'ci' THEN wilson_low(l.passed, l.candidates, 1.959964)
      WHEN 'position' THEN list_position(['below_998', 'below_95', 'within', 'above_95', 'above_998'], l.position)
    END NULLS LAST,
  CASE WHEN split_part($sort, '-', 2) = 'asc' THEN CASE split_part($sort, '-', 1) WHEN 'school' THEN s.name WHEN 'place' THEN concat_ws(' · ', s.city, s.type) END END ASC,
  CASE WHEN split_part($sort, '-', 2) = 'desc' THEN CASE split_part($sort, '-', 1) WHEN 'school' THEN s.name WHEN 'place' THEN concat_ws(' · ', s.city, s.type) END END DESC,
  l.pass_rate DESC, l.candidates DESC, school;
