// The content hash of every Archetype node, to tell changed catalog rows from unchanged ones.
MATCH (n:Archetype)
RETURN n.name AS key, n.content_hash AS hash
