-- @title 各省培训名额合计
-- @description 全国按省份：分市名额合计、按需报名名额、占全国分市名额的比例、文件“合计”行所列（各市之和；某市有一年未列合计时不给出）及差异、设区市数。不选年份时为各年之和（years 列出年份）。
-- @description Quota per province for the national view: split total, on-demand total, share of the national split total, the sum of the documents' stated city totals (only where every city and year states one) and the difference, cities. Without a year: the sum over the years named in `years`.
-- @scope school
-- @param year integer 年份
-- @column province VARCHAR 省份
-- @column quota INTEGER 分市名额合计
-- @column unsplit INTEGER 按需报名名额
-- @column share DOUBLE 占比
-- @column stated INTEGER 文件所列合计
-- @column difference INTEGER 差异（计算 − 所列）
-- @column cities INTEGER 设区市数
-- @column province_order INTEGER 省份顺序
-- @column years VARCHAR 年份
WITH q AS (
  SELECT * FROM training_quotas_in($scope) WHERE ($year IS NULL OR year = $year)
),
per_file AS (
  SELECT province, source_file, source_table, city, sum(quota) AS quota
  FROM q WHERE city IS NOT NULL
  GROUP BY ALL
),
stated AS (
  SELECT source_file, source_table, city, sum(value) AS stated
  FROM stated_totals_in($scope)
  WHERE metric = 'quota' AND label = '合计' AND city IS NOT NULL
  GROUP BY ALL
),
per_province AS (
  SELECT f.province,
         sum(f.quota) AS quota,
         CASE WHEN count(s.stated) = count(*) THEN sum(s.stated) END AS stated,
         count(DISTINCT f.city) AS cities
  FROM per_file f
  LEFT JOIN stated s ON s.source_file = f.source_file AND s.source_table = f.source_table AND s.city = f.city
  GROUP BY f.province
),
extra AS (
  SELECT province,
         coalesce(sum(quota) FILTER (WHERE city IS NULL), 0) AS unsplit,
         string_agg(DISTINCT CAST(year AS VARCHAR), '、' ORDER BY CAST(year AS VARCHAR)) AS years
  FROM q GROUP BY province
),
codes AS (
  SELECT province, min(province_code) AS province_code FROM regions GROUP BY province
)
SELECT e.province,
       CAST(coalesce(p.quota, 0) AS INTEGER) AS quota,
       CAST(e.unsplit AS INTEGER) AS unsplit,
       coalesce(p.quota, 0) / nullif(sum(p.quota) OVER (), 0) AS share,
       CAST(p.stated AS INTEGER) AS stated,
       CAST(p.quota - p.stated AS INTEGER) AS difference,
       CAST(coalesce(p.cities, 0) AS INTEGER) AS cities,
       CAST(c.province_code AS INTEGER) AS province_order,
       e.years
FROM extra e
LEFT JOIN per_province p ON p.province = e.province
LEFT JOIN codes c ON c.province = e.province
ORDER BY province_order NULLS LAST, e.province;
