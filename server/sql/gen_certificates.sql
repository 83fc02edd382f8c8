-- npm run generate: the certificates, made in JS, read as one JSON document.
INSERT INTO certificates (id, name, batch, organisation)
SELECT c.id, c.name, c.batch, c.organisation
FROM (SELECT unnest(from_json($rows, '[{"id":"INTEGER","name":"VARCHAR","batch":"VARCHAR","organisation":"VARCHAR"}]')) AS c)
