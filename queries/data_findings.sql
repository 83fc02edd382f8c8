-- @title 数据质量发现
-- @description 导入时发现的问题：严重程度、代码、说明和来源（文件、表、行、列）。原始数字不做修改。
-- @description Data-quality findings of imports: severity, code, message and where (file, table, row, column).
-- @scope school
-- @param import import 导入编号
-- @column severity VARCHAR 严重程度
-- @column code VARCHAR 代码
-- @column message VARCHAR 说明
-- @column source VARCHAR 来源
-- @column import_id INTEGER 导入编号
-- @column source_file VARCHAR 文件
-- @column source_table VARCHAR 表
-- @column source_row INTEGER 行
-- @column source_column VARCHAR 列
-- @column printed_value VARCHAR 原文数值
-- @column expected_value VARCHAR 核对值
SELECT f.severity,
       f.code,
       f.message,
       concat_ws(' · ', f.source_file, f.source_table,
                 CASE WHEN f.source_row IS NOT NULL THEN '第 ' || f.source_row || ' 行' END,
                 f.source_column) AS source,
       f.import_id,
       f.source_file,
       f.source_table,
       f.source_row,
       f.source_column,
       f.printed_value,
       f.expected_value
FROM findings_in($scope) f
WHERE ($import IS NULL OR f.import_id = $import)
ORDER BY CASE f.severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END,
         f.source_file, f.source_table, f.source_row, f.code;
