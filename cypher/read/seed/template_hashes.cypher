// The content hash of every Template node, to tell changed catalog rows from unchanged
// ones; a retired node has none, so that putting it back counts as a change.
MATCH (n:Template)
RETURN n.key AS key, CASE WHEN n.is_active = false THEN null ELSE n.content_hash END AS hash
