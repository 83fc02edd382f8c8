-- @title 试点申报（按批次）
-- @description 每所院校每个申报批次的试点数、申请与批准培训人数，以及批准多于申请的试点数。
-- @description Pilot applications per school and batch: pilots, requested and approved trainees.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param school school 学校（编号或名称）
-- @column school VARCHAR 学校
-- @column school_id INTEGER 学校编号
-- @column year INTEGER 年份
-- @column batch VARCHAR 申报批次
-- @column pilots INTEGER 试点数
-- @column requested INTEGER 申请培训人数
-- @column approved INTEGER 批准培训人数
-- @column approved_over_requested INTEGER 批准多于申请的试点数
SELECT s.name AS school,
       a.school_id,
       a.year,
       a.batch,
       CAST(count(*) AS INTEGER) AS pilots,
       CAST(sum(a.requested) AS INTEGER) AS requested,
       CAST(sum(a.approved) AS INTEGER) AS approved,
       CAST(count(*) FILTER (WHERE a.approved > a.requested) AS INTEGER) AS approved_over_requested
FROM pilot_applications_in($scope) a
JOIN schools s ON s.id = a.school_id
WHERE ($year IS NULL OR a.year = $year)
  AND ($province IS NULL OR s.province = $province)
  AND ($school IS NULL OR a.school_id = $school)
GROUP BY s.name, a.school_id, a.year, a.batch
ORDER BY s.name, a.year, min(a.source_row);
