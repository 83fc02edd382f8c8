-- A school-level fact table with its school's province beside it, so the lake can partition it by
-- province=…/year=… as the province-level tables are; the lake's view reads back only the table's own columns.
(SELECT t.*, s.province AS province FROM {{table}} t LEFT JOIN schools s ON s.id = t.school_id)
