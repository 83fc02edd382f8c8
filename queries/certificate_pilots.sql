-- @title 证书的试点申报
-- @description 申报某证书试点的院校：年份、批次、等级、专业、学生规模、申请与批准培训人数、状态。
-- @description Schools that applied to pilot one certificate: year, batch, level, majors, student scale, requested and approved trainees, status.
-- @scope school
-- @param certificate certificate 证书（编号或名称）
-- @param year integer 年份
-- @column school VARCHAR 学校
-- @column school_id INTEGER 学校编号
-- @column year INTEGER 年份
-- @column batch VARCHAR 申报批次
-- @column level VARCHAR 等级
-- @column majors VARCHAR 申报专业
-- @column student_scale INTEGER 学生规模
-- @column requested INTEGER 申请培训人数
-- @column approved INTEGER 批准培训人数
-- @column status VARCHAR 申报状态
SELECT s.name AS school,
       a.school_id,
       a.year,
       a.batch,
       a.level,
       a.majors,
       a.student_scale,
       a.requested,
       a.approved,
       a.status
FROM pilot_applications_in($scope) a
JOIN schools s ON s.id = a.school_id
WHERE a.certificate_id = $certificate
  AND ($year IS NULL OR a.year = $year)
ORDER BY a.year DESC, s.name, a.source_row;
