-- npm run generate: each certificate's canonical alias with its matching key (Registry.aliasRows), read as one JSON document.
INSERT INTO certificate_aliases (alias, alias_key, certificate_id, seen_in)
SELECT a.alias, a.alias_key, a.certificate_id, a.seen_in
FROM (SELECT unnest(from_json($rows, '[{"alias":"VARCHAR","alias_key":"VARCHAR","certificate_id":"INTEGER","seen_in":"VARCHAR"}]')) AS a)
