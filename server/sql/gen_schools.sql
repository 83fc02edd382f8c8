-- npm run generate: the schools, made in JS (names/places, server/dataset/generate/names.ts), read as one JSON document.
INSERT INTO schools (id, name, type, province, city)
SELECT s.id, s.name, s.type, s.province, s.city
FROM (SELECT unnest(from_json($rows, '[{"id":"INTEGER","name":"VARCHAR","type":"VARCHAR","province":"VARCHAR","city":"VARCHAR"}]')) AS s)
