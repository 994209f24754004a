// The content hash of every Motivation node, to tell changed catalog rows from unchanged ones.
MATCH (n:Motivation)
RETURN n.key AS key, n.content_hash AS hash
