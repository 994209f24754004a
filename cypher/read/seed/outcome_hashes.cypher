// The content hash of every Outcome node, to tell changed catalog rows from unchanged ones.
MATCH (n:Outcome)
RETURN n.key AS key, n.content_hash AS hash
