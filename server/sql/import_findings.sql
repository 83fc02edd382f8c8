SELECT severity, code, message, message_en, source_file, source_table, source_row, source_column, printed_value, expected_value
FROM findings
WHERE import_id = $id
ORDER BY CASE severity WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, source_table, source_row, code
