// Persona→facet (HAS) as a GDS Cypher aggregation projection: the pain points a persona
// experiences, the JTBDs it performs and the goals it pursues. Node similarity between
// personas is then the overlap of those sets. Retired nodes take no part.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
CALL (p) {
  MATCH (p)-[:EXPERIENCES]->(item:PainPoint)
  RETURN item
  UNION
  MATCH (p)-[:PERFORMS]->(item:JTBD)
  RETURN item
  UNION
  MATCH (p)-[:PURSUES]->(item:Goal)
  RETURN item
}
WITH p, item
WHERE coalesce(item.is_active, true)
RETURN gds.graph.project(
  $graph_name, p, item,
  {sourceNodeLabels: 'Persona', targetNodeLabels: labels(item), relationshipType: 'HAS'}
) AS projection
