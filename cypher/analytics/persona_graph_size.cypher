// The size of the Persona→facet projection, for choosing the similarity method (by
// persona_count) and for the memory estimate before projecting.
MATCH (p:Persona)-[:EXPERIENCES|PERFORMS|PURSUES]->(item)
WHERE coalesce(p.is_active, true) AND coalesce(item.is_active, true)
  AND (item:PainPoint OR item:JTBD OR item:Goal)
RETURN count(DISTINCT p) AS persona_count, count(DISTINCT p) + count(DISTINCT item) AS node_count,
  count(*) AS relationship_count
