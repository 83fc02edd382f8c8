-- @title 总览指标
-- @description 仪表板顶部的总数：考证人数、通过人数、合并通过率（含 95% 区间）、证书数、学校数、申请与批准培训人数、培训教师人数。
-- @description Headline figures: candidates, passed, pooled pass rate with 95% interval, certificates, schools, requested/approved trainees, teachers trained.
-- @scope school
-- @param year integer 年份
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school school 学校（编号或名称）
-- @param level level 等级（初级/中级/高级）
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column certificates INTEGER 证书数
-- @column schools INTEGER 学校数
-- @column requested INTEGER 申请培训人数
-- @column approved INTEGER 批准培训人数
-- @column teachers_trained INTEGER 培训教师人数
-- @column exam_years VARCHAR 考核结果的年份（如 2020、2021）
-- @column application_years VARCHAR 试点申报的年份
-- @column teacher_years VARCHAR 师资培训的年份
-- @column quota_years VARCHAR 该省名额分配表的年份（未选省份时为全部）
WITH in_scope AS (
  SELECT id AS school_id FROM schools
  WHERE ($province IS NULL OR province = $province)
    AND ($city IS NULL OR city = $city)
    AND ($school IS NULL OR id = $school)
),
exams AS (
  SELECT sum(candidates) AS candidates, sum(passed) AS passed,
         count(DISTINCT certificate_id) AS certificates, count(DISTINCT school_id) AS schools,
         string_agg(DISTINCT CAST(year AS VARCHAR), '、' ORDER BY CAST(year AS VARCHAR)) AS years
  FROM exam_results_in($scope)
  WHERE school_id IN (SELECT school_id FROM in_scope)
    AND ($year IS NULL OR year = $year)
    AND ($level IS NULL OR level = $level)
),
applications AS (
  SELECT sum(requested) AS requested, sum(approved) AS approved,
         string_agg(DISTINCT CAST(year AS VARCHAR), '、' ORDER BY CAST(year AS VARCHAR)) AS years
  FROM pilot_applications_in($scope)
  WHERE school_id IN (SELECT school_id FROM in_scope)
    AND ($year IS NULL OR year = $year)
    AND ($level IS NULL OR level = $level)
),
teachers AS (
  SELECT sum(teachers_trained) AS teachers_trained,
         string_agg(DISTINCT CAST(year AS VARCHAR), '、' ORDER BY CAST(year AS VARCHAR)) AS years
  FROM teacher_training_in($scope)
  WHERE school_id IN (SELECT school_id FROM in_scope)
    AND ($year IS NULL OR year = $year)
),
-- Says what a scope lacks: 浙江省 in the seeds has a quota table and no school reports.
quotas AS (
  SELECT string_agg(DISTINCT CAST(year AS VARCHAR), '、' ORDER BY CAST(year AS VARCHAR)) AS years
  FROM training_quotas_in($scope)
  WHERE ($province IS NULL OR province = $province)
    AND ($year IS NULL OR year = $year)
)
SELECT CAST(e.candidates AS INTEGER) AS candidates,
       CAST(e.passed AS INTEGER) AS passed,
       e.passed / nullif(e.candidates, 0) AS pass_rate,
       wilson_low(e.passed, e.candidates, 1.959964) AS ci_low,
       wilson_high(e.passed, e.candidates, 1.959964) AS ci_high,
       CAST(e.certificates AS INTEGER) AS certificates,
       CAST(e.schools AS INTEGER) AS schools,
       CAST(a.requested AS INTEGER) AS requested,
       CAST(a.approved AS INTEGER) AS approved,
       CAST(t.teachers_trained AS INTEGER) AS teachers_trained,
       e.years AS exam_years,
       a.years AS application_years,
       t.years AS teacher_years,
       q.years AS quota_years
FROM exams e, applications a, teachers t, quotas q;
