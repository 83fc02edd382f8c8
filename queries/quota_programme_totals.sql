-- @title 名额小计核对（按项目与类别）
-- @description 省级名额表中每个培训项目逐市相加的名额与文件“小计”列、每个类别的名额与正文所列人数、全部名额与文件“合计”的核对。kind：programme 项目、category 类别、overall 全部。
-- @description Checks of the quota table: each programme's city sum against the printed 小计, each category's sum against the body text, and the whole against the printed 合计. kind: programme, category or overall. Without a year: sums over the years (a stated figure only when every year states it).
-- @param province province 省份（全称或简称）
-- @param year integer 年份
-- @column kind VARCHAR 层级（programme/category/overall）
-- @column label VARCHAR 项目或类别
-- @column category VARCHAR 培训项目类别
-- @column host VARCHAR 承担院校
-- @column computed INTEGER 逐项相加
-- @column stated INTEGER 文件所列
-- @column difference INTEGER 差异（计算 − 所列）
-- @column sort_order INTEGER 顺序
WITH q AS (
  SELECT * FROM training_quotas
  WHERE ($province IS NULL OR province = $province)
    AND ($year IS NULL OR year = $year)
),
files AS (SELECT DISTINCT source_file, source_table FROM q),
-- What the documents state, summed over their files (one file per year).
stated AS (
  SELECT CASE WHEN t.source_table = 'narrative' THEN 'narrative' ELSE 'table' END AS origin,
         t.label, sum(t.value) AS value, count(DISTINCT t.source_file) AS files
  FROM stated_totals t
  WHERE t.metric = 'quota' AND t.city IS NULL
    AND t.source_file IN (SELECT source_file FROM files)
    AND (t.source_table = 'narrative' OR EXISTS (SELECT 1 FROM files f WHERE f.source_file = t.source_file AND f.source_table = t.source_table))
  GROUP BY ALL
),
programmes AS (
  SELECT 'programme' AS kind, q.programme AS label, q.category, q.host,
         sum(q.quota) AS computed, min(q.source_row) AS sort_order, count(DISTINCT q.source_file) AS files
  FROM q GROUP BY q.programme, q.category, q.host
),
categories AS (
  SELECT 'category' AS kind, q.category AS label, q.category, NULL AS host,
         sum(q.quota) AS computed, 1000 + min(q.source_row) AS sort_order, count(DISTINCT q.source_file) AS files
  FROM q WHERE q.category IS NOT NULL GROUP BY q.category
),
overall AS (
  SELECT 'overall' AS kind, '合计' AS label, NULL AS category, NULL AS host,
         sum(q.quota) AS computed, 2000 AS sort_order, count(DISTINCT q.source_file) AS files
  FROM q HAVING count(*) > 0
)
SELECT x.kind,
       x.label,
       x.category,
       x.host,
       CAST(x.computed AS INTEGER) AS computed,
       CAST(s.value AS INTEGER) AS stated,
       CAST(x.computed - s.value AS INTEGER) AS difference,
       CAST(x.sort_order AS INTEGER) AS sort_order
FROM (SELECT * FROM programmes UNION ALL SELECT * FROM categories UNION ALL SELECT * FROM overall) x
LEFT JOIN stated s
  ON s.label = x.label
 AND s.files = x.files
 AND ((x.kind = 'programme' AND s.origin = 'table')
   OR (x.kind = 'category' AND s.origin = 'narrative')
   OR (x.kind = 'overall' AND s.origin = 'table'))
ORDER BY x.sort_order;
