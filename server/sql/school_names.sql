-- Names of the schools with the given ids (JSON list), for scope labels.
SELECT id, name FROM schools WHERE list_contains(CAST($ids AS INTEGER[]), id) ORDER BY id
