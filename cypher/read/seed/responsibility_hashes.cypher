// The content hash of every Responsibility node, to tell changed catalog rows from unchanged ones.
MATCH (n:Responsibility)
RETURN n.key AS key, n.content_hash AS hash
