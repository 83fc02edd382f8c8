-- @title 各市名额合计
-- @description 每个设区市的名额合计、占全省（不含按需报名项目）的比例，以及文件“合计”行所列数字和差异。
-- @description Quota per city, its share of the split total, and the total the document states with the difference.
-- @scope school
-- @param province province 省份（全称或简称）
-- @param year integer 年份
-- @column city VARCHAR 设区市
-- @column quota INTEGER 名额合计
-- @column share DOUBLE 占比
-- @column stated INTEGER 文件所列合计
-- @column difference INTEGER 差异（计算 − 所列）
-- @column city_order INTEGER 城市顺序
WITH per_city AS (
  SELECT province, year, city, sum(quota) AS quota
  FROM training_quotas_in($scope)
  WHERE city IS NOT NULL
    AND ($province IS NULL OR province = $province)
    AND ($year IS NULL OR year = $year)
  GROUP BY province, year, city
),
stated AS (
  SELECT t.city, t.year, sum(t.value) AS stated
  FROM stated_totals_in($scope) t
  WHERE t.metric = 'quota' AND t.city IS NOT NULL AND t.source_table = 'annex2'
  GROUP BY t.city, t.year
)
SELECT p.city,
       CAST(p.quota AS INTEGER) AS quota,
       p.quota / sum(p.quota) OVER (PARTITION BY p.province, p.year) AS share,
       CAST(s.stated AS INTEGER) AS stated,
       CAST(p.quota - s.stated AS INTEGER) AS difference,
       CAST(r.city_code AS INTEGER) AS city_order
FROM per_city p
LEFT JOIN stated s ON s.city = p.city AND s.year = p.year
LEFT JOIN regions r ON r.city = p.city AND r.province = p.province
ORDER BY p.province, p.year, city_order;
