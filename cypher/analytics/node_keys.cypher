// The keys of GDS node ids: an opportunity's key, a persona's id.
UNWIND $node_ids AS node_id
WITH node_id, gds.util.asNode(node_id) AS n
RETURN node_id, coalesce(n.key, n.id) AS key
