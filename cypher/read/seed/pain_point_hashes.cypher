// The content hash of every PainPoint node, to tell changed catalog rows from unchanged ones.
MATCH (n:PainPoint)
RETURN n.key AS key, n.content_hash AS hash
