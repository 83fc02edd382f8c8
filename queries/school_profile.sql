-- @title 学校概况
-- @description 一所学校的名称、类型、所在地、有数据的年份，以及（可按年份筛选的）考证人数、通过人数、合并通过率与 95% 区间、证书数、申请与批准培训人数、培训教师与考评员人数。
-- @description One school: name, type, place, years with data, and (optionally for one year) candidates, passed, pooled pass rate with 95% interval, certificates, requested/approved trainees, teachers trained and assessors.
-- @scope school
-- @param school school 学校（编号或名称）
-- @param year integer 年份
-- @column school_id INTEGER 学校编号
-- @column school VARCHAR 学校
-- @column aliases VARCHAR 其他写法
-- @column school_type VARCHAR 学校类型
-- @column province VARCHAR 省份
-- @column city VARCHAR 城市
-- @column years VARCHAR 有数据的年份
-- @column exam_years VARCHAR 有考核结果的年份
-- @column latest_exam_year INTEGER 最近的考核年份
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column certificates INTEGER 考核证书数
-- @column requested INTEGER 申请培训人数
-- @column approved INTEGER 批准培训人数
-- @column pilots INTEGER 申报试点数
-- @column teachers_trained INTEGER 培训教师人数
-- @column assessors INTEGER 考评员人数
WITH s AS (
  SELECT * FROM schools_in($scope) WHERE id = $school
),
all_years AS (
  SELECT year FROM exam_results_in($scope) WHERE school_id = $school
  UNION SELECT year FROM pilot_applications_in($scope) WHERE school_id = $school
  UNION SELECT year FROM teacher_training_in($scope) WHERE school_id = $school
),
exams AS (
  SELECT sum(candidates) AS candidates, sum(passed) AS passed, count(DISTINCT certificate_id) AS certificates
  FROM exam_results_in($scope) WHERE school_id = $school AND ($year IS NULL OR year = $year)
),
apps AS (
  SELECT sum(requested) AS requested, sum(approved) AS approved, count(*) AS pilots
  FROM pilot_applications_in($scope) WHERE school_id = $school AND ($year IS NULL OR year = $year)
),
teachers AS (
  SELECT sum(teachers_trained) AS teachers_trained, sum(assessors) AS assessors
  FROM teacher_training_in($scope) WHERE school_id = $school AND ($year IS NULL OR year = $year)
)
SELECT s.id AS school_id,
       s.name AS school,
       (SELECT string_agg(alias, '、' ORDER BY alias) FROM school_aliases WHERE school_id = s.id) AS aliases,
       s.type AS school_type,
       s.province,
       s.city,
       (SELECT string_agg(CAST(year AS VARCHAR), ',' ORDER BY year) FROM all_years) AS years,
       (SELECT string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)) FROM exam_results_in($scope) WHERE school_id = s.id) AS exam_years,
       (SELECT CAST(max(year) AS INTEGER) FROM exam_results_in($scope) WHERE school_id = s.id) AS latest_exam_year,
       CAST(e.candidates AS INTEGER) AS candidates,
       CAST(e.passed AS INTEGER) AS passed,
       e.passed / nullif(e.candidates, 0) AS pass_rate,
       wilson_low(e.passed, e.candidates, 1.959964) AS ci_low,
       wilson_high(e.passed, e.candidates, 1.959964) AS ci_high,
       CAST(e.certificates AS INTEGER) AS certificates,
       CAST(a.requested AS INTEGER) AS requested,
       CAST(a.approved AS INTEGER) AS approved,
       CAST(a.pilots AS INTEGER) AS pilots,
       CAST(t.teachers_trained AS INTEGER) AS teachers_trained,
       CAST(t.assessors AS INTEGER) AS assessors
FROM s, exams e, apps a, teachers t;
