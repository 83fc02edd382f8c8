-- @title 师资培训与通过率（按证书）
-- @description 一所学校每个证书的培训教师人数、考评员人数，与同一证书同一年份的考证人数、通过人数、通过率和 95% 区间并列。只有一方有数据的证书也列出（另一方为空）。
-- @description Per certificate of one school: teachers trained and assessors beside the same certificate's candidates, passed, pass rate and 95% interval in the same year; certificates with only one side are kept (the other side NULL).
-- @scope school
-- @param school school 学校（编号或名称）
-- @param year integer 年份
-- @column year INTEGER 年份
-- @column certificate VARCHAR 证书
-- @column certificate_id INTEGER 证书编号
-- @column teachers_trained INTEGER 培训教师人数
-- @column assessors INTEGER 考评员人数
-- @column candidates INTEGER 考证人数
-- @column passed INTEGER 通过人数
-- @column pass_rate DOUBLE 通过率
-- @column ci_low DOUBLE 95%区间下限
-- @column ci_high DOUBLE 95%区间上限
WITH teachers AS (
  SELECT year, certificate_id, sum(teachers_trained) AS teachers_trained, sum(assessors) AS assessors
  FROM teacher_training_in($scope)
  WHERE school_id = $school AND ($year IS NULL OR year = $year)
  GROUP BY year, certificate_id
),
exams AS (
  SELECT year, certificate_id, sum(candidates) AS candidates, sum(passed) AS passed
  FROM exam_results_in($scope)
  WHERE school_id = $school AND ($year IS NULL OR year = $year)
  GROUP BY year, certificate_id
),
joined AS (
  SELECT coalesce(t.year, e.year) AS year,
         coalesce(t.certificate_id, e.certificate_id) AS certificate_id,
         t.teachers_trained, t.assessors, e.candidates, e.passed
  FROM teachers t
  FULL OUTER JOIN exams e ON e.year = t.year AND e.certificate_id = t.certificate_id
)
SELECT CAST(j.year AS INTEGER) AS year,
       c.name AS certificate,
       j.certificate_id,
       CAST(j.teachers_trained AS INTEGER) AS teachers_trained,
       CAST(j.assessors AS INTEGER) AS assessors,
       CAST(j.candidates AS INTEGER) AS candidates,
       CAST(j.passed AS INTEGER) AS passed,
       j.passed / nullif(j.candidates, 0) AS pass_rate,
       wilson_low(j.passed, j.candidates, 1.959964) AS ci_low,
       wilson_high(j.passed, j.candidates, 1.959964) AS ci_high
FROM joined j
JOIN certificates c ON c.id = j.certificate_id
ORDER BY j.year DESC, pass_rate DESC NULLS LAST, j.teachers_trained DESC NULLS LAST, certificate;
