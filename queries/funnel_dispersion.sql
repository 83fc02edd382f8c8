-- @title 漏斗图过度离散估计
-- @description 漏斗图的过度离散估计（Spiegelhalter 2005）与三种控制限下落在界限外的院校数：每种控制限一行（plain 二项分布、phi 乘性 φ̂、tau2 加性 τ̂²）。φ̂ 为按第 10/90 百分位缩尾的 z 分数平方的均值；I·φ̂ 超过自由度 I−1 的 χ² 分布 95% 分位时才用 √φ̂ 放大界限；τ̂² = max(0, (I·φ̂ − (I−1)) / (Σw − Σw²/Σw))，w = 1/s²。筛选条件与 school_comparison 相同。
-- @description Over-dispersion of the funnel plot (Spiegelhalter 2005, Qual Saf Health Care 14:347–351) and how many schools fall outside each kind of limit: one row per method (plain binomial, phi multiplicative, tau2 additive random effects). φ̂ = mean squared z-score winsorised at the 10th/90th percentiles, applied when I·φ̂ exceeds the 95% point of χ² on I−1 df; τ̂² = max(0, (I·φ̂ − (I−1)) / (Σw − Σw²/Σw)), w = 1/s². Same filters as school_comparison.
-- @scope benchmark
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型
-- @param level level 等级（初级/中级/高级）
-- @column limits VARCHAR 控制限（plain/phi/tau2）
-- @column schools INTEGER 院校数 I（有考核结果的）
-- @column pooled_rate DOUBLE 合并通过率
-- @column phi DOUBLE 过度离散系数 φ̂
-- @column chi2_95 DOUBLE χ²(I−1) 的 95% 分位
-- @column phi_applied BOOLEAN φ̂ 是否用于放大控制限
-- @column tau2 DOUBLE 院校间方差 τ̂²
-- @column tau DOUBLE 院校间标准差 τ̂
-- @column below_998 INTEGER 低于 99.8% 控制限的院校数
-- @column below_95 INTEGER 低于 95% 控制限的院校数（含低于 99.8%）
-- @column above_95 INTEGER 高于 95% 控制限的院校数（含高于 99.8%）
-- @column above_998 INTEGER 高于 99.8% 控制限的院校数
-- @column outside_95 INTEGER 落在 95% 控制限外的院校数
-- @column outside_998 INTEGER 落在 99.8% 控制限外的院校数
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
         CASE WHEN k >= 2 THEN greatest(0.0, (k * phi - (k - 1)) / nullif(sw - sw2 / sw, 0)) ELSE 0.0 END AS tau2
  FROM moments
),
methods AS (
  SELECT * FROM (VALUES ('plain', 1), ('phi', 2), ('tau2', 3)) AS m(method, ord)
),
sized AS (
  SELECT m.method, m.ord, s.pass_rate, s.pooled_rate,
         funnel_sd(s.pooled_rate, s.candidates, m.method, CASE WHEN d.phi_applied THEN d.phi ELSE 1.0 END, d.tau2) AS sd
  FROM scored s
  CROSS JOIN dispersion d
  CROSS JOIN methods m
  WHERE s.z_score IS NOT NULL
)
SELECT m.method AS limits,
       CAST((SELECT count(*) FROM scored WHERE z_score IS NOT NULL) AS INTEGER) AS schools,
       (SELECT rate FROM pooled) AS pooled_rate,
       d.phi,
       chi2_upper_95((SELECT count(*) FROM scored WHERE z_score IS NOT NULL) - 1) AS chi2_95,
       coalesce(d.phi_applied, false) AS phi_applied,
       coalesce(d.tau2, 0.0) AS tau2,
       sqrt(coalesce(d.tau2, 0.0)) AS tau,
       CAST(count(*) FILTER (WHERE s.pass_rate < s.pooled_rate - 3.090232 * s.sd) AS INTEGER) AS below_998,
       CAST(count(*) FILTER (WHERE s.pass_rate < s.pooled_rate - 1.959964 * s.sd) AS INTEGER) AS below_95,
       CAST(count(*) FILTER (WHERE s.pass_rate > s.pooled_rate + 1.959964 * s.sd) AS INTEGER) AS above_95,
       CAST(count(*) FILTER (WHERE s.pass_rate > s.pooled_rate + 3.090232 * s.sd) AS INTEGER) AS above_998,
       CAST(count(*) FILTER (WHERE abs(s.pass_rate - s.pooled_rate) > 1.959964 * s.sd) AS INTEGER) AS outside_95,
       CAST(count(*) FILTER (WHERE abs(s.pass_rate - s.pooled_rate) > 3.090232 * s.sd) AS INTEGER) AS outside_998
FROM methods m
CROSS JOIN dispersion d
LEFT JOIN sized s ON s.method = m.method
GROUP BY m.method, m.ord, d.phi, d.phi_applied, d.tau2
ORDER BY m.ord;
