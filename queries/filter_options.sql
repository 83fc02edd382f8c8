-- @title 筛选项
-- @description 仪表板筛选栏的可选值：有数据的年份、省份、城市、学校和等级。
-- @description Values for the dashboard filters: years, provinces, cities, schools and levels that have data.
-- @scope school
-- @param kinds text 只要这些类别（逗号分隔，如 year,province,city；默认全部）
-- @column kind VARCHAR 类别（year/province/city/school/level）
-- @column value VARCHAR 取值
-- @column label VARCHAR 显示名称
-- @column parent VARCHAR 上级（城市的省份、学校的城市）
-- @column sort_key VARCHAR 排序键
WITH fact_schools AS (
  SELECT school_id, year FROM exam_results_in($scope)
  UNION SELECT school_id, year FROM pilot_applications_in($scope)
  UNION SELECT school_id, year FROM teacher_training_in($scope)
),
years AS (
  SELECT year FROM fact_schools
  UNION SELECT year FROM training_quotas_in($scope)
),
places AS (
  SELECT s.province, s.city FROM schools s WHERE s.id IN (SELECT school_id FROM fact_schools)
  UNION SELECT province, city FROM training_quotas_in($scope) WHERE city IS NOT NULL
)
SELECT * FROM (
SELECT 'year' AS kind, CAST(year AS VARCHAR) AS value, year || ' 年' AS label, NULL AS parent, CAST(9999 - year AS VARCHAR) AS sort_key FROM years
UNION ALL
SELECT DISTINCT 'province', province, province, NULL, province FROM places
UNION ALL
SELECT DISTINCT 'city', p.city, p.city, p.province, coalesce(r.city_code, p.city)
FROM places p LEFT JOIN regions r ON r.city = p.city AND r.province = p.province
UNION ALL
SELECT 'school', CAST(s.id AS VARCHAR), s.name, s.city, s.province || s.city || s.name
FROM schools s WHERE s.id IN (SELECT school_id FROM fact_schools)
UNION ALL
SELECT 'level', level, level, NULL, CASE level WHEN '初级' THEN '1' WHEN '中级' THEN '2' ELSE '3' END
FROM (SELECT DISTINCT level FROM exam_results_in($scope) WHERE level IS NOT NULL)
)
-- A page that needs no school list (9,000 schools nationally) asks for the other kinds only.
WHERE $kinds IS NULL OR list_contains(string_split($kinds, ','), kind)
ORDER BY kind, sort_key;
