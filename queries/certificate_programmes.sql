-- @title 证书的师资培训项目
-- @description 省级文件所列、某证书的 1+X 师资培训项目：省份、年份、承办院校（及其学校编号）、合作评价组织、培训对象、培训形式、学时和来源。
-- @description Teacher-training programmes of one certificate from provincial notices: province, year, host (and its school id), partner organisation, audience, format, hours and source.
-- @scope school
-- @param certificate certificate 证书（编号或名称）
-- @column province VARCHAR 省份
-- @column year INTEGER 年份
-- @column host VARCHAR 承办单位
-- @column host_school_id INTEGER 承办院校编号
-- @column partner_organisation VARCHAR 合作评价组织
-- @column audience VARCHAR 培训对象
-- @column format VARCHAR 培训形式
-- @column hours INTEGER 学时
-- @column source VARCHAR 来源
-- @column place VARCHAR 出处
SELECT p.province,
       p.year,
       p.host,
       (SELECT min(s.id) FROM schools s LEFT JOIN school_aliases a ON a.school_id = s.id
         WHERE s.name = p.host OR a.alias = p.host) AS host_school_id,
       p.partner_organisation,
       p.audience,
       p.format,
       p.hours,
       concat_ws(' · ', p.source_file, p.source_table, CASE WHEN p.source_row IS NOT NULL THEN '第 ' || p.source_row || ' 行' END) AS source,
       -- For readers: the document's title (seed imports keep it as their note), never a file name.
       concat_ws(' · ', CASE WHEN i.kind = 'seed' AND i.note IS NOT NULL THEN i.note ELSE regexp_replace(i.file_name, '\.[A-Za-z0-9]{1,5}$', '') END,
                 CASE p.source_table WHEN 'exam' THEN '考核结果表' WHEN 'teachers' THEN '师资培训表' WHEN 'applications' THEN '试点申报表'
                      WHEN 'annex1' THEN '附件 1' WHEN 'annex2' THEN '附件 2' WHEN 'notice' THEN '正文' WHEN 'narrative' THEN '正文' ELSE p.source_table END,
                 CASE WHEN p.source_row IS NOT NULL THEN '第 ' || p.source_row || ' 行' END) AS place
FROM training_programmes_in($scope) p
LEFT JOIN imports_in($scope) i ON i.id = p.import_id
WHERE p.certificate_id = $certificate
ORDER BY p.year DESC, p.province, p.source_row;
