-- @title 学校数据的质量发现
-- @description 含有该校数据的各次导入所记录的数据质量发现（严重程度、代码、说明、来源）。原始数字不做修改。
-- @description Data-quality findings of the imports that hold this school's rows (severity, code, message, source). Figures are never changed.
-- @scope school
-- @param school school 学校（编号或名称）
-- @column severity VARCHAR 严重程度
-- @column code VARCHAR 代码
-- @column message VARCHAR 说明
-- @column source VARCHAR 来源
-- @column place VARCHAR 出处
-- @column import_id INTEGER 导入编号
-- @column file_name VARCHAR 文件
-- @column source_table VARCHAR 表
-- @column source_row INTEGER 行
-- @column source_column VARCHAR 列
-- @column printed_value VARCHAR 原文数值
-- @column expected_value VARCHAR 核对值
WITH school_imports AS (
  SELECT import_id FROM exam_results_in($scope) WHERE school_id = $school
  UNION SELECT import_id FROM pilot_applications_in($scope) WHERE school_id = $school
  UNION SELECT import_id FROM teacher_training_in($scope) WHERE school_id = $school
  UNION SELECT import_id FROM stated_totals_in($scope) WHERE school_id = $school
)
SELECT f.severity,
       f.code,
       f.message,
       concat_ws(' · ', f.source_file, f.source_table,
                 CASE WHEN f.source_row IS NOT NULL THEN '第 ' || f.source_row || ' 行' END,
                 f.source_column) AS source,
       -- The same place for readers: the document's title (seed imports keep it as their note), never a file name.
       concat_ws(' · ', CASE WHEN i.kind = 'seed' AND i.note IS NOT NULL THEN i.note ELSE regexp_replace(i.file_name, '\.[A-Za-z0-9]{1,5}$', '') END,
                 CASE f.source_table WHEN 'exam' THEN '考核结果表' WHEN 'teachers' THEN '师资培训表' WHEN 'applications' THEN '试点申报表'
                      WHEN 'annex1' THEN '附件 1' WHEN 'annex2' THEN '附件 2' WHEN 'notice' THEN '正文' WHEN 'narrative' THEN '正文' ELSE f.source_table END,
                 CASE WHEN f.source_row IS NOT NULL THEN '第 ' || f.source_row || ' 行' END,
                 f.source_column) AS place,
       f.import_id,
       i.file_name,
       f.source_table,
       f.source_row,
       f.source_column,
       f.printed_value,
       f.expected_value
FROM findings_in($scope) f
JOIN imports_in($scope) i ON i.id = f.import_id
WHERE f.import_id IN (SELECT import_id FROM school_imports)
  AND i.status = 'committed'
ORDER BY CASE f.severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
         f.source_file, f.source_table, f.source_row, f.code;
