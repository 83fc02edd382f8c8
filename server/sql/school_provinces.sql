-- The province of each school, to authorise an import's rows.
SELECT id, province FROM schools
