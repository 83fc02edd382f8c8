-- @title 漏斗图界限曲线
-- @description 漏斗图的界限曲线：在考证人数 n 的网格（1 至最大院校人数的 1.15 倍向上取整到 1/1.5/2/2.5…×10ᵏ，至少 10；约 150 个点，对数间隔）上，围绕合并通过率的 95% 与 99.8% 界限。筛选条件与 school_comparison 相同。
-- @description Funnel-plot limit curves: the 95% and 99.8% limits around the pooled rate over a grid of sample sizes n (1 to 1.15 × the largest school rounded up to a half step of its power of ten, at least 10; ~150 log-spaced points). Same filters as school_comparison.
-- @scope benchmark
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型
-- @param level level 等级（初级/中级/高级）
-- @column n INTEGER 考证人数
-- @column pooled_rate DOUBLE 合并通过率
-- @column low_95 DOUBLE 95%下限
-- @column high_95 DOUBLE 95%上限
-- @column low_998 DOUBLE 99.8%下限
-- @column high_998 DOUBLE 99.8%上限
WITH per_school AS (
  SELECT e.school_id, sum(e.candidates) AS candidates, sum(e.passed) AS passed
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
  SELECT sum(passed) / nullif(sum(candidates), 0) AS rate,
         max(candidates) * 1.15 AS reach
  FROM per_school
),
scaled AS (
  -- 386 → 400, 58 → 60, 1150 → 1500: the axis ends on a round number and the curves reach it.
  SELECT rate,
         CASE WHEN reach IS NULL OR reach <= 10 THEN 10
              ELSE ceil(reach / pow(10, floor(log10(reach))) * 2) / 2 * pow(10, floor(log10(reach)))
         END AS max_n
  FROM pooled
),
grid AS (
  SELECT DISTINCT CAST(round(exp(t.i * ln(p.max_n) / 149)) AS INTEGER) AS n
  FROM scaled p
  CROSS JOIN range(0, 150) AS t(i)
  WHERE p.rate IS NOT NULL
)
SELECT g.n,
       p.rate AS pooled_rate,
       funnel_low(p.rate, g.n, 1.959964) AS low_95,
       funnel_high(p.rate, g.n, 1.959964) AS high_95,
       funnel_low(p.rate, g.n, 3.090232) AS low_998,
       funnel_high(p.rate, g.n, 3.090232) AS high_998
FROM grid g
CROSS JOIN scaled p
ORDER BY g.n;
