-- How many saved queries one owner keeps (the list's total).
SELECT count(*) AS total FROM saved_queries WHERE owner = $owner
