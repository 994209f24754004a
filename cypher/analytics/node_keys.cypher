// The keys of GDS node ids: an opportunity's key, a persona's id.
UNWIND $node_ids AS node_id
MATCH (n) WHERE id(n) = node_id
RETURN node_id, coalesce(n.key, n.id) AS key
