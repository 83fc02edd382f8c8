SELECT count(*) AS total FROM saved_queries
