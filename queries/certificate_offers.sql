-- @title 证书的师资培训报价
-- @description 一个证书的培训报价：提供方、组织方、等级、每人费用（是否为上限）、线上学时、总学时、线下天数、年份、说明和来源。
-- @description Training offers of one certificate: provider, organiser, level, fee per person (and whether it is a cap), online hours, total hours, offline days, year, note and source.
-- @scope school
-- @param certificate certificate 证书（编号或名称）
-- @column provider VARCHAR 提供方（承办单位）
-- @column organiser VARCHAR 组织方（合作评价组织）
-- @column level VARCHAR 等级
-- @column fee_per_person DOUBLE 每人费用（元）
-- @column fee_is_cap BOOLEAN 费用为上限
-- @column hours_online INTEGER 线上学时
-- @column hours_total INTEGER 总学时
-- @column days_offline INTEGER 线下天数
-- @column year INTEGER 年份
-- @column note VARCHAR 说明
-- @column source VARCHAR 来源
-- @column place VARCHAR 出处
SELECT o.provider,
       o.organiser,
       o.level,
       o.fee_per_person,
       o.fee_is_cap,
       o.hours_online,
       o.hours_total,
       o.days_offline,
       o.year,
       o.note,
       concat_ws(' · ', o.source_file, o.source_table, CASE WHEN o.source_row IS NOT NULL THEN '第 ' || o.source_row || ' 行' END) AS source,
       -- For readers: the document's title (seed imports keep it as their note), never a file name.
       concat_ws(' · ', CASE WHEN i.kind = 'seed' AND i.note IS NOT NULL THEN i.note ELSE regexp_replace(i.file_name, '\.[A-Za-z0-9]{1,5}$', '') END,
                 CASE o.source_table WHEN 'exam' THEN '考核结果表' WHEN 'teachers' THEN '师资培训表' WHEN 'applications' THEN '试点申报表'
                      WHEN 'annex1' THEN '附件 1' WHEN 'annex2' THEN '附件 2' WHEN 'notice' THEN '正文' WHEN 'narrative' THEN '正文' ELSE o.source_table END,
                 CASE WHEN o.source_row IS NOT NULL THEN '第 ' || o.source_row || ' 行' END) AS place
FROM training_offers_in($scope) o
LEFT JOIN imports_in($scope) i ON i.id = o.import_id
WHERE o.certificate_id = $certificate
ORDER BY o.year DESC, CASE o.level WHEN '初级' THEN 1 WHEN '中级' THEN 2 WHEN '高级' THEN 3 ELSE 4 END, o.provider;
