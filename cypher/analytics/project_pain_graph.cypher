// PainPoint→Persona (SHARED_BY) as a GDS Cypher aggregation projection: a pain point's
// neighbours are the active personas who experience it, so node similarity between pain
// points is the overlap of the people who have them. Roles and functions are deliberately
// not features: they would pull the pains of one function together and hide the
// cross-functional patterns the clustering is for.
// Rows reach the projection ordered by pain point key, then persona id: GDS numbers the
// nodes in the order it first meets them, so the numbering, and with it node similarity's
// ties and Leiden's visiting order, follow the catalog's keys and not the order the
// catalog was loaded in (which decides the database's own node ids).
MATCH (p:Persona)-[:EXPERIENCES]->(pain:PainPoint)
WHERE coalesce(p.is_active, true) AND coalesce(pain.is_active, true)
WITH pain, p
ORDER BY pain.key, p.id
RETURN gds.graph.project(
  $graph_name, pain, p,
  {sourceNodeLabels: 'PainPoint', targetNodeLabels: 'Persona', relationshipType: 'SHARED_BY'}
) AS projection
