// The content hash of every Challenge node, to tell changed catalog rows from unchanged ones.
MATCH (n:Challenge)
RETURN n.key AS key, n.content_hash AS hash
