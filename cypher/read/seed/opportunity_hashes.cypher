// The content hash of every Opportunity node, to tell changed catalog rows from unchanged ones.
MATCH (n:Opportunity)
RETURN n.key AS key, n.content_hash AS hash
