-- @title 各省各类培训名额
-- @description 全国按省份的名额矩阵：培训项目类别（无类别时为项目名）× 省份的分市名额之和，按需报名不分市的名额不在其中。不选年份时为各年之和（years 列出年份）。
-- @description The national quota matrix: category (the programme where there is none) × province, summing the quotas split by city (on-demand quotas are not in it). Without a year: the sum over the years named in `years`.
-- @scope province
-- @param year integer 年份
-- @column category VARCHAR 培训项目类别
-- @column province VARCHAR 省份
-- @column quota INTEGER 名额
-- @column programmes INTEGER 项目数
-- @column category_order INTEGER 类别顺序
-- @column province_order INTEGER 省份顺序
-- @column years VARCHAR 年份
WITH q AS (
  SELECT coalesce(category, programme) AS category, province, programme, year, quota, source_row
  FROM training_quotas_in($scope)
  WHERE city IS NOT NULL AND ($year IS NULL OR year = $year)
),
codes AS (
  SELECT province, min(province_code) AS province_code FROM regions GROUP BY province
),
-- Categories in the order of their national totals, largest first.
ranked AS (
  SELECT category, row_number() OVER (ORDER BY sum(quota) DESC, category) AS category_order FROM q GROUP BY category
)
SELECT q.category,
       q.province,
       CAST(sum(q.quota) AS INTEGER) AS quota,
       CAST(count(DISTINCT q.programme) AS INTEGER) AS programmes,
       CAST(min(r.category_order) AS INTEGER) AS category_order,
       CAST(min(c.province_code) AS INTEGER) AS province_order,
       string_agg(DISTINCT CAST(q.year AS VARCHAR), '、' ORDER BY CAST(q.year AS VARCHAR)) AS years
FROM q
JOIN ranked r ON r.category = q.category
LEFT JOIN codes c ON c.province = q.province
GROUP BY q.category, q.province
ORDER BY category_order, province_order NULLS LAST, q.province;
