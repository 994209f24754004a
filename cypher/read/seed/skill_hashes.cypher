// The content hash of every Skill node, to tell changed catalog rows from unchanged ones.
MATCH (n:Skill)
RETURN n.key AS key, n.content_hash AS hash
