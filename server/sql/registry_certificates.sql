SELECT id, name, batch, organisation FROM certificates ORDER BY id
