-- @title 筛选栏选项
-- @description 总览筛选栏一次要用的少量选项：有数据的年份、省份和等级，所选省份的城市（或所给城市所在省份的城市），以及所选学校本身。学校按名称搜索（filter_search），不整表下载。
-- @description The few filter options the overview needs at once: years, provinces and levels with data, the cities of the chosen province (or of the given city's province), and the chosen school. Schools are searched (filter_search), never listed whole.
-- @scope school
-- @param province province 省份（全称或简称）
-- @param city text 城市（全称，旧链接可只给城市）
-- @param school school 学校（编号或名称）
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
),
-- The province whose cities are listed: the chosen one, else the one an old `?city=` link names (if only one).
city_province AS (
  SELECT coalesce($province, (SELECT CASE WHEN count(DISTINCT province) = 1 THEN min(province) END FROM places WHERE city = $city)) AS province
)
SELECT 'year' AS kind, CAST(year AS VARCHAR) AS value, year || ' 年' AS label, NULL AS parent, CAST(9999 - year AS VARCHAR) AS sort_key FROM years
UNION ALL
SELECT DISTINCT 'province', province, province, NULL, province FROM places
UNION ALL
SELECT DISTINCT 'city', p.city, p.city, p.province, coalesce(r.city_code, p.city)
FROM places p LEFT JOIN regions r ON r.city = p.city AND r.province = p.province
WHERE p.province = (SELECT province FROM city_province)
UNION ALL
SELECT 'school', CAST(s.id AS VARCHAR), s.name, s.city, s.province || s.city || s.name
FROM schools s WHERE s.id = $school AND s.id IN (SELECT school_id FROM fact_schools)
UNION ALL
SELECT 'level', level, level, NULL, CASE level WHEN '初级' THEN '1' WHEN '中级' THEN '2' ELSE '3' END
FROM (SELECT DISTINCT level FROM exam_results_in($scope) WHERE level IS NOT NULL)
ORDER BY kind, sort_key;
