// The content hash of every Stakeholder node, to tell changed catalog rows from unchanged ones.
MATCH (n:Stakeholder)
RETURN n.key AS key, n.content_hash AS hash
