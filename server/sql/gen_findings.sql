-- npm run generate: the findings of the reports that carry inconsistencies, made in JS (findings-registry) and read as one JSON document.
INSERT INTO findings (import_id, severity, code, message, message_en, source_file, source_table, source_row, source_column, printed_value, expected_value)
SELECT f.import_id, f.severity, f.code, f.message, f.message_en, f.source_file, f.source_table, f.source_row, f.source_column, f.printed_value, f.expected_value
FROM (SELECT unnest(from_json($rows, '[{"import_id":"INTEGER","severity":"VARCHAR","code":"VARCHAR","message":"VARCHAR","message_en":"VARCHAR","source_file":"VARCHAR","source_table":"VARCHAR","source_row":"INTEGER","source_column":"VARCHAR","printed_value":"VARCHAR","expected_value":"VARCHAR"}]')) AS f)
