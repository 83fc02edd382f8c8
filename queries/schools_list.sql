-- @title 院校列表
-- @description 有数据的院校：类型、省份、城市，考核结果的考证人数与证书数，是否有试点申报与师资培训数据。可按省份、城市、学校类型、证书筛选。
-- @description Schools with data: type, province, city, exam candidates and certificates, whether they have pilot applications and teacher training; filter by province, city, school type, certificate.
-- @scope school
-- @param province province 省份（全称或简称）
-- @param city city 城市（全称或简称）
-- @param school_type text 学校类型
-- @param certificate certificate 证书（编号或名称）
-- @column school_id INTEGER 学校编号
-- @column school VARCHAR 学校
-- @column school_type VARCHAR 学校类型
-- @column province VARCHAR 省份
-- @column city VARCHAR 城市
-- @column candidates INTEGER 考证人数
-- @column certificates INTEGER 考核证书数
-- @column has_applications BOOLEAN 有试点申报
-- @column has_teachers BOOLEAN 有师资培训
WITH exams AS (
  SELECT school_id, sum(candidates) AS candidates, count(DISTINCT certificate_id) AS certificates
  FROM exam_results_in($scope)
  WHERE ($certificate IS NULL OR certificate_id = $certificate)
  GROUP BY school_id
),
apps AS (SELECT DISTINCT school_id FROM pilot_applications_in($scope) WHERE ($certificate IS NULL OR certificate_id = $certificate)),
teachers AS (SELECT DISTINCT school_id FROM teacher_training_in($scope) WHERE ($certificate IS NULL OR certificate_id = $certificate))
SELECT s.id AS school_id,
       s.name AS school,
       s.type AS school_type,
       s.province,
       s.city,
       CAST(e.candidates AS INTEGER) AS candidates,
       CAST(e.certificates AS INTEGER) AS certificates,
       a.school_id IS NOT NULL AS has_applications,
       t.school_id IS NOT NULL AS has_teachers
FROM schools s
LEFT JOIN exams e ON e.school_id = s.id
LEFT JOIN apps a ON a.school_id = s.id
LEFT JOIN teachers t ON t.school_id = s.id
WHERE (e.school_id IS NOT NULL OR a.school_id IS NOT NULL OR t.school_id IS NOT NULL)
  AND ($province IS NULL OR s.province = $province)
  AND ($city IS NULL OR s.city = $city)
  AND ($school_type IS NULL OR s.type = $school_type)
ORDER BY coalesce(e.candidates, 0) DESC, s.province, s.city, s.name;
