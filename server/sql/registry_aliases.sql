SELECT alias, certificate_id, seen_in FROM certificate_aliases ORDER BY certificate_id, alias
