-- @title 漏斗图界限曲线
-- @description 漏斗图的界限曲线：在考证人数 n 的网格（1 至最大院校人数的 1.15 倍向上取整到 1/1.5/2/2.5…×10ᵏ，至少 10；约 150 个点，对数间隔）上，围绕合并通过率的 95% 与 99.8% 界限。筛选条件与 school_comparison 相同；limits 选择二项分布（plain）、乘性 φ（phi）或加性 τ²（tau2）界限，估计方法同 school_comparison。
-- @description Funnel-plot limit curves: the 95% and 99.8% limits around the pooled rate over a grid of sample sizes n (1 to 1.15 × the largest school rounded up to a half step of its power of ten, at least 10; ~150 log-spaced points). Same filters as school_comparison; limits=plain|phi|tau2 as there (Spiegelhalter 2005).
-- @scope benchmark
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型
-- @param level level 等级（初级/中级/高级）
-- @param limits limits 控制限（plain 二项分布 / phi 乘性 φ / tau2 加性 τ²；默认 plain）
-- @column n INTEGER 考证人数
-- @column pooled_rate DOUBLE 合并通过率
-- @column low_95 DOUBLE 95%下限
-- @column high_95 DOUBLE 95%上限
-- @column low_998 DOUBLE 99.8%下限
-- @column high_998 DOUBLE 99.8%上限
-- @column limits VARCHAR 所画控制限（plain/phi/tau2）
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
reach AS (
  SELECT max(candidates) * 1.15 AS reach FROM per_school
),
scaled AS (
  -- 386 → 400, 58 → 60, 1150 → 1500: the axis ends on a round number and the curves reach it.
  SELECT pooled.rate,
         CASE WHEN r.reach IS NULL OR r.reach <= 10 THEN 10
              ELSE ceil(r.reach / pow(10, floor(log10(r.reach))) * 2) / 2 * pow(10, floor(log10(r.reach)))
         END AS max_n
  FROM pooled CROSS JOIN reach r
),
grid AS (
  SELECT DISTINCT CAST(round(exp(t.i * ln(p.max_n) / 149)) AS INTEGER) AS n
  FROM scaled p
  CROSS JOIN range(0, 150) AS t(i)
  WHERE p.rate IS NOT NULL
),
curves AS (
  SELECT g.n, p.rate AS pooled_rate, d.method,
         funnel_sd(p.rate, g.n, d.method, CASE WHEN d.phi_applied THEN d.phi ELSE 1.0 END, d.tau2) AS sd
  FROM grid g
  CROSS JOIN scaled p
  CROSS JOIN dispersion d
)
SELECT n,
       pooled_rate,
       greatest(0.0, pooled_rate - 1.959964 * sd) AS low_95,
       least(1.0, pooled_rate + 1.959964 * sd) AS high_95,
       greatest(0.0, pooled_rate - 3.090232 * sd) AS low_998,
       least(1.0, pooled_rate + 3.090232 * sd) AS high_998,
       method AS limits
FROM curves
ORDER BY n;
