-- A committed import that holds fewer rows than it recorded: the check cannot know which rows are missing.
UPDATE imports SET row_count = row_count + 1 WHERE id = (SELECT min(id) FROM imports WHERE status = 'committed')
