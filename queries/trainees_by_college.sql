-- @title 各院校培训人数
-- @description 每所院校的申请与批准培训人数（试点申报）、考证与通过人数（考核结果）和培训教师人数（师资培训）。
-- @description Per college: requested and approved trainees, exam candidates and passes, teachers trained.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @column school VARCHAR 学校
-- @column school_id INTEGER 学校编号
-- @column city VARCHAR 城市
-- @column requested INTEGER 申请培训人数
-- @column approved INTEGER 批准培训人数
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column teachers_trained INTEGER 培训教师人数
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
)
SELECT s.name AS school,
       s.id AS school_id,
       s.city,
       CAST(a.requested AS INTEGER) AS requested,
       CAST(a.approved AS INTEGER) AS approved,
       CAST(e.candidates AS INTEGER) AS candidates,
       CAST(e.passed AS INTEGER) AS passed,
       CAST(t.teachers_trained AS INTEGER) AS teachers_trained
FROM schools s
LEFT JOIN applications a ON a.school_id = s.id
LEFT JOIN exams e ON e.school_id = s.id
LEFT JOIN teachers t ON t.school_id = s.id
WHERE (a.school_id IS NOT NULL OR e.school_id IS NOT NULL OR t.school_id IS NOT NULL)
  AND ($province IS NULL OR s.province = $province)
  AND ($city IS NULL OR s.city = $city)
ORDER BY coalesce(a.approved, 0) + coalesce(e.candidates, 0) DESC, school;
