// The content hash of every Frustration node, to tell changed catalog rows from unchanged ones.
MATCH (n:Frustration)
RETURN n.key AS key, n.content_hash AS hash
