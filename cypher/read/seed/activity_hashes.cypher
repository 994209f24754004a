// The content hash of every Activity node, to tell changed catalog rows from unchanged ones.
MATCH (n:Activity)
RETURN n.key AS key, n.content_hash AS hash
