-- @title 各市名额合计
-- @description 每个设区市的名额合计、占全省（不含按需报名项目）的比例，以及文件“合计”行所列数字和差异。不选年份时为各年之和（years 列出年份；只有每一年都列了该市合计时才给出所列合计）。
-- @description Quota per city, its share of the split total, and the total the document states with the difference. Without a year: the sum over the years named in `years` (stated only when every year states that city's total).
-- @param province province 省份（全称或简称）
-- @param year integer 年份
-- @column city VARCHAR 设区市
-- @column quota INTEGER 名额合计
-- @column share DOUBLE 占比
-- @column stated INTEGER 文件所列合计
-- @column difference INTEGER 差异（计算 − 所列）
-- @column city_order INTEGER 城市顺序
-- @column years VARCHAR 年份
WITH per_file AS (
  SELECT province, year, source_file, source_table, city, sum(quota) AS quota
  FROM training_quotas
  WHERE city IS NOT NULL
    AND ($province IS NULL OR province = $province)
    AND ($year IS NULL OR year = $year)
  GROUP BY ALL
),
-- The 合计 row of the same table states each city's total.
stated AS (
  SELECT source_file, source_table, city, sum(value) AS stated
  FROM stated_totals
  WHERE metric = 'quota' AND label = '合计' AND city IS NOT NULL
  GROUP BY ALL
),
per_city AS (
  SELECT f.province, f.city,
         sum(f.quota) AS quota,
         CASE WHEN count(s.stated) = count(*) THEN sum(s.stated) END AS stated,
         string_agg(DISTINCT CAST(f.year AS VARCHAR), '、' ORDER BY CAST(f.year AS VARCHAR)) AS years
  FROM per_file f
  LEFT JOIN stated s ON s.source_file = f.source_file AND s.source_table = f.source_table AND s.city = f.city
  GROUP BY f.province, f.city
)
SELECT p.city,
       CAST(p.quota AS INTEGER) AS quota,
       p.quota / sum(p.quota) OVER (PARTITION BY p.province) AS share,
       CAST(p.stated AS INTEGER) AS stated,
       CAST(p.quota - p.stated AS INTEGER) AS difference,
       CAST(r.city_code AS INTEGER) AS city_order,
       p.years
FROM per_city p
LEFT JOIN regions r ON r.city = p.city AND r.province = p.province
ORDER BY p.province, city_order;
