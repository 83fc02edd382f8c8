-- @title 证书概况
-- @description 一个证书的规范名称、各种写法、批次、培训评价组织，以及考核院校数、考证人数、通过人数、合并通过率与 95% 区间、申报试点的院校数与批准培训人数、培训教师人数、师资培训项目数与培训报价数。
-- @description One certificate: canonical name, aliases, batch, evaluation organisation; schools with exams, candidates, passed, pooled rate with 95% interval; pilot schools and approved trainees; teachers trained; teacher-training programmes and offers.
-- @scope school
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份（只影响考核与申报数字）
-- @column certificate_id INTEGER 证书编号
-- @column certificate VARCHAR 证书
-- @column aliases VARCHAR 其他写法
-- @column batch VARCHAR 批次
-- @column organisation VARCHAR 培训评价组织
-- @column schools INTEGER 考核院校数
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
-- @column exam_years VARCHAR 有考核结果的年份
-- @column pilot_schools INTEGER 申报试点院校数
-- @column approved INTEGER 批准培训人数
-- @column teachers_trained INTEGER 培训教师人数
-- @column programmes INTEGER 师资培训项目数
-- @column offers INTEGER 培训报价数
WITH c AS (
  SELECT * FROM certificates WHERE id = $certificate
),
exams AS (
  SELECT count(DISTINCT school_id) AS schools, sum(candidates) AS candidates, sum(passed) AS passed
  FROM exam_results_in($scope) WHERE certificate_id = $certificate AND ($year IS NULL OR year = $year)
),
apps AS (
  SELECT count(DISTINCT school_id) AS pilot_schools, sum(approved) AS approved
  FROM pilot_applications_in($scope) WHERE certificate_id = $certificate AND ($year IS NULL OR year = $year)
)
SELECT c.id AS certificate_id,
       c.name AS certificate,
       (SELECT string_agg(DISTINCT alias, '、' ORDER BY alias) FROM certificate_aliases
         WHERE certificate_id = c.id AND alias <> c.name AND alias NOT LIKE '%职业技能等级证书') AS aliases,
       c.batch,
       c.organisation,
       CAST(e.schools AS INTEGER) AS schools,
       CAST(e.candidates AS INTEGER) AS candidates,
       CAST(e.passed AS INTEGER) AS passed,
       e.passed / nullif(e.candidates, 0) AS pass_rate,
       wilson_low(e.passed, e.candidates, 1.959964) AS ci_low,
       wilson_high(e.passed, e.candidates, 1.959964) AS ci_high,
       (SELECT string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)) FROM exam_results_in($scope) WHERE certificate_id = c.id) AS exam_years,
       CAST(a.pilot_schools AS INTEGER) AS pilot_schools,
       CAST(a.approved AS INTEGER) AS approved,
       (SELECT CAST(sum(teachers_trained) AS INTEGER) FROM teacher_training_in($scope) WHERE certificate_id = c.id AND ($year IS NULL OR year = $year)) AS teachers_trained,
       (SELECT CAST(count(*) AS INTEGER) FROM training_programmes_in($scope) WHERE certificate_id = c.id) AS programmes,
       (SELECT CAST(count(*) AS INTEGER) FROM training_offers_in($scope) WHERE certificate_id = c.id) AS offers
FROM c, exams e, apps a;
