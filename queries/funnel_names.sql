-- @title 漏斗图院校名称
-- @description 漏斗图各点的院校名称，与 funnel_points 同样的行与顺序（第 i 行即 funnel_points 的第 i 个点）：页面先画点，再取名称用于悬停与搜索。参数与 school_comparison 相同。
-- @description The names of the funnel's points, in funnel_points' rows and order (row i names point i): a page draws the points first, then fetches the names for hover and search. Same parameters as school_comparison.
-- @scope benchmark
-- @peers id=school_id label=school province=province
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型（中职/高职/本科层次职业学校/应用型本科/普通本科）
-- @param level level 等级（初级/中级/高级）
-- @param min_candidates integer 最少考证人数
-- @param limits limits 控制限（plain 二项分布 / phi 乘性 φ / tau2 加性 τ²；默认 plain）
-- @param outside boolean 只看落在 95% 控制限外的院校
-- @column school VARCHAR 学校
-- @column school_id INTEGER 学校编号
-- @column province VARCHAR 省份
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
       s.province
FROM positioned l
JOIN schools s ON s.id = l.school_id
WHERE NOT coalesce($outside, false) OR l.position <> 'within'
ORDER BY l.candidates, l.school_id;
