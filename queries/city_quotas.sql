-- @title 各市培训名额
-- @description 培训项目 × 设区市的名额（长表）。按需报名、不分市的项目 city 为空，保留总数和说明。不选年份时为各年之和（years 列出年份）。
-- @description Training quota per programme and city (long form); on-demand programmes have city NULL, their total and a note. Without a year: the sum over the years named in `years`.
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
-- @column years VARCHAR 年份
SELECT q.programme,
       q.category,
       q.host,
       q.city,
       CAST(sum(q.quota) AS INTEGER) AS quota,
       string_agg(DISTINCT q.note, '；') AS note,
       CAST(min(q.source_row) AS INTEGER) AS programme_order,
       CAST(min(r.city_code) AS INTEGER) AS city_order,
       string_agg(DISTINCT CAST(q.year AS VARCHAR), '、' ORDER BY CAST(q.year AS VARCHAR)) AS years
FROM training_quotas q
LEFT JOIN regions r ON r.city = q.city AND r.province = q.province
WHERE ($province IS NULL OR q.province = $province)
  AND ($year IS NULL OR q.year = $year)
  AND ($programme IS NULL OR q.programme = $programme OR q.category = $programme)
GROUP BY q.province, q.programme, q.category, q.host, q.city
ORDER BY q.province, programme_order, city_order NULLS LAST, q.programme;
