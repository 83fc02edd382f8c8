-- @title 各市培训名额
-- @description 培训项目 × 设区市的名额（长表）。按需报名、不分市的项目 city 为空，保留总数和说明。
-- @description Training quota per programme and city (long form); on-demand programmes have city NULL, their total and a note.
-- @scope province
-- @param province province 省份（全称或简称）
-- @param year integer 年份
-- @param programme text 项目（专业类别或专题，或培训项目）
-- @column programme VARCHAR 专业类别或专题
-- @column category VARCHAR 培训项目
-- @column host VARCHAR 承担院校
-- @column city VARCHAR 设区市
-- @column quota INTEGER 名额
-- @column note VARCHAR 说明
-- @column programme_order INTEGER 项目顺序
-- @column city_order INTEGER 城市顺序
SELECT q.programme,
       q.category,
       q.host,
       q.city,
       q.quota,
       q.note,
       CAST(q.source_row AS INTEGER) AS programme_order,
       CAST(r.city_code AS INTEGER) AS city_order
FROM training_quotas_in($scope) q
LEFT JOIN regions r ON r.city = q.city AND r.province = q.province
WHERE ($province IS NULL OR q.province = $province)
  AND ($year IS NULL OR q.year = $year)
  AND ($programme IS NULL OR q.programme = $programme OR q.category = $programme)
ORDER BY q.province, q.year, programme_order, city_order NULLS LAST;
