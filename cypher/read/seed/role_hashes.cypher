// The content hash of every Role node, to tell changed catalog rows from unchanged ones.
MATCH (n:Role)
RETURN n.key AS key, n.content_hash AS hash
