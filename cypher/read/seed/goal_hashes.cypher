// The content hash of every Goal node, to tell changed catalog rows from unchanged ones.
MATCH (n:Goal)
RETURN n.key AS key, n.content_hash AS hash
