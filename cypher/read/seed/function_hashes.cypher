// The content hash of every Function node, to tell changed catalog rows from unchanged ones.
MATCH (n:Function)
RETURN n.key AS key, n.content_hash AS hash
