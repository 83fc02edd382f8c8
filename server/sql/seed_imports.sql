SELECT id FROM imports WHERE kind = $kind
