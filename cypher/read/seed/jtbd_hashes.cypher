// The content hash of every JTBD node, to tell changed catalog rows from unchanged ones.
MATCH (n:JTBD)
RETURN n.key AS key, n.content_hash AS hash
