INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT DO NOTHING
