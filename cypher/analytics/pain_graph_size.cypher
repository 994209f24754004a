// The size of the PainPoint→Persona projection, for the memory estimate before projecting.
MATCH (p:Persona)-[:EXPERIENCES]->(pain:PainPoint)
WHERE coalesce(p.is_active, true) AND coalesce(pain.is_active, true)
RETURN count(DISTINCT p) + count(DISTINCT pain) AS node_count, count(*) AS relationship_count
