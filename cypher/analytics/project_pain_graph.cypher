// PainPoint→Persona (SHARED_BY) as a GDS Cypher aggregation projection: a pain point's
// neighbours are the active personas who experience it, so node similarity between pain
// points is the overlap of the people who have them. Roles and functions are deliberately
// not features: they would pull the pains of one function together and hide the
// cross-functional patterns the clustering is for.
MATCH (p:Persona)-[:EXPERIENCES]->(pain:PainPoint)
WHERE coalesce(p.is_active, true) AND coalesce(pain.is_active, true)
RETURN gds.graph.project(
  $graph_name, pain, p,
  {sourceNodeLabels: 'PainPoint', targetNodeLabels: 'Persona', relationshipType: 'SHARED_BY'}
) AS projection
