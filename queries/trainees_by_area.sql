-- @title 各地区培训与考证人数（前 N 名与后 N 名）
-- @description 总览的下钻图：全国按省份、选了省份按城市、选了城市按学校汇总申请、批准、考证、通过和培训教师人数；按规模（批准 + 考证人数）取前 N 名和后 N 名，其余合并为“其他”一行（在 SQL 中汇总），图上柱子不超过 2N+1 根。
-- @description Drill-down totals: by province nationally, by city within a province, by school within a city; the N largest and N smallest (by approved + candidates), the rest summed as one 其他 row in SQL, so a chart never draws more than 2N+1 bars.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称；同名城市须同时给省份）
-- @param n integer 前后各取几名（1–25，默认 10）
-- @column area VARCHAR 地区或学校
-- @column area_value VARCHAR 下钻筛选值（省份、城市名称或学校编号）
-- @column area_kind VARCHAR 层级（province/city/school；其他行为 other）
-- @column grp VARCHAR 分组（top 前 N 名 / other 其他 / bottom 后 N 名）
-- @column members INTEGER 包含的学校数
-- @column areas INTEGER 合并的地区或学校数
-- @column requested INTEGER 申请培训人数
-- @column approved INTEGER 批准培训人数
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column teachers_trained INTEGER 培训教师人数
-- @column area_rank INTEGER 名次（按规模）
-- @column area_count INTEGER 地区或学校总数
WITH applications AS (
  SELECT school_id, sum(requested) AS requested, sum(approved) AS approved
  FROM pilot_applications_in($scope)
  WHERE ($year IS NULL OR year = $year)
  GROUP BY school_id
),
exams AS (
  SELECT school_id, sum(candidates) AS candidates, sum(passed) AS passed
  FROM exam_results_in($scope)
  WHERE ($year IS NULL OR year = $year)
  GROUP BY school_id
),
teachers AS (
  SELECT school_id, sum(teachers_trained) AS teachers_trained
  FROM teacher_training_in($scope)
  WHERE ($year IS NULL OR year = $year)
  GROUP BY school_id
),
level AS (
  SELECT CASE WHEN $city IS NOT NULL THEN 'school' WHEN $province IS NOT NULL THEN 'city' ELSE 'province' END AS kind
),
per_school AS (
  SELECT CASE (SELECT kind FROM level) WHEN 'school' THEN s.name WHEN 'city' THEN s.city ELSE s.province END AS area,
         CASE (SELECT kind FROM level) WHEN 'school' THEN CAST(s.id AS VARCHAR) WHEN 'city' THEN s.city ELSE s.province END AS area_value,
         a.requested, a.approved, e.candidates, e.passed, t.teachers_trained
  FROM schools s
  LEFT JOIN applications a ON a.school_id = s.id
  LEFT JOIN exams e ON e.school_id = s.id
  LEFT JOIN teachers t ON t.school_id = s.id
  WHERE (a.school_id IS NOT NULL OR e.school_id IS NOT NULL OR t.school_id IS NOT NULL)
    AND ($province IS NULL OR s.province = $province)
    AND ($city IS NULL OR s.city = $city)
),
areas AS (
  SELECT area, area_value, count(*) AS members,
         sum(requested) AS requested, sum(approved) AS approved, sum(candidates) AS candidates,
         sum(passed) AS passed, sum(teachers_trained) AS teachers_trained
  FROM per_school
  GROUP BY area, area_value
),
ranked AS (
  SELECT *,
         row_number() OVER (ORDER BY coalesce(approved, 0) + coalesce(candidates, 0) DESC, area, area_value) AS area_rank,
         count(*) OVER () AS area_count,
         least(greatest(coalesce($n, 10), 1), 25) AS n
  FROM areas
),
grouped AS (
  SELECT *, CASE WHEN area_rank <= n THEN 'top' WHEN area_rank > area_count - n THEN 'bottom' ELSE 'other' END AS grp
  FROM ranked
)
SELECT * EXCLUDE (grp_order) FROM (
SELECT area, area_value, (SELECT kind FROM level) AS area_kind, grp, CASE grp WHEN 'top' THEN 1 ELSE 3 END AS grp_order,
       CAST(members AS INTEGER) AS members, 1 AS areas,
       CAST(requested AS INTEGER) AS requested, CAST(approved AS INTEGER) AS approved,
       CAST(candidates AS INTEGER) AS candidates, CAST(passed AS INTEGER) AS passed,
       CAST(teachers_trained AS INTEGER) AS teachers_trained,
       CAST(area_rank AS INTEGER) AS area_rank, CAST(area_count AS INTEGER) AS area_count
FROM grouped WHERE grp <> 'other'
UNION ALL
SELECT '其他 ' || count(*) || CASE (SELECT kind FROM level) WHEN 'school' THEN ' 所学校' WHEN 'city' THEN ' 个城市' ELSE ' 个省份' END,
       NULL, 'other', 'other', 2,
       CAST(sum(members) AS INTEGER), CAST(count(*) AS INTEGER),
       CAST(sum(requested) AS INTEGER), CAST(sum(approved) AS INTEGER),
       CAST(sum(candidates) AS INTEGER), CAST(sum(passed) AS INTEGER),
       CAST(sum(teachers_trained) AS INTEGER),
       NULL, CAST(max(area_count) AS INTEGER)
FROM grouped WHERE grp = 'other'
HAVING count(*) > 0
)
ORDER BY grp_order, area_rank;
