// The content hash of every ServiceLayer node, to tell changed catalog rows from unchanged ones.
MATCH (n:ServiceLayer)
RETURN n.name AS key, n.content_hash AS hash
