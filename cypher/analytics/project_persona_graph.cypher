// Persona→facet (HAS) as a GDS Cypher aggregation projection: the pain points a persona
// experiences, the JTBDs it performs and the goals it pursues. Node similarity between
// personas is then the overlap of those sets; a persona's FastRP embedding is a random
// projection of the same set. Retired nodes take no part.
// Rows reach the projection ordered by persona id, then facet key: GDS numbers the nodes
// in the order it first meets them, so ties and kNN's sampling follow the catalog's keys,
// not the order it was loaded in.
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
ORDER BY p.id, item.key
RETURN gds.graph.project(
  $graph_name, p, item,
  {sourceNodeLabels: 'Persona', targetNodeLabels: labels(item), relationshipType: 'HAS'}
) AS projection
