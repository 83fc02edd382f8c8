-- @title 筛选项搜索
-- @description 边输入边搜索的学校或城市：名称以搜索词开头的排在前面，其次是包含搜索词的；可限定省份、城市。与 limit 一起用（如 limit=20），不整表下载。
-- @description Schools or cities searched as you type: names starting with the text first, then names containing it; optionally within a province or city. Use with limit (e.g. limit=20).
-- @scope school
-- @param kind text 类别（school 或 city，默认 school）
-- @param q text 搜索词
-- @param province province 省份（全称或简称）
-- @param city text 城市（全称）
-- @column kind VARCHAR 类别
-- @column value VARCHAR 取值（学校编号或城市名称）
-- @column label VARCHAR 显示名称
-- @column parent VARCHAR 上级（学校的城市、城市的省份）
-- @column province VARCHAR 省份
WITH fact_schools AS (
  SELECT school_id FROM exam_results_in($scope)
  UNION SELECT school_id FROM pilot_applications_in($scope)
  UNION SELECT school_id FROM teacher_training_in($scope)
),
candidates AS (
  SELECT 'school' AS kind, CAST(s.id AS VARCHAR) AS value, s.name AS label, s.city AS parent, s.province
  FROM schools s
  WHERE coalesce($kind, 'school') = 'school'
    AND s.id IN (SELECT school_id FROM fact_schools)
    AND ($province IS NULL OR s.province = $province)
    AND ($city IS NULL OR s.city = $city)
  UNION ALL
  SELECT DISTINCT 'city', s.city, s.city, s.province, s.province
  FROM schools s
  WHERE $kind = 'city'
    AND s.id IN (SELECT school_id FROM fact_schools)
    AND ($province IS NULL OR s.province = $province)
)
SELECT kind, value, label, parent, province
FROM candidates
WHERE $q IS NULL OR contains(lower(label), lower(trim($q)))
ORDER BY CASE WHEN $q IS NOT NULL AND starts_with(lower(label), lower(trim($q))) THEN 0 ELSE 1 END, length(label), label, province;
