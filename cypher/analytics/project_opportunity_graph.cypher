// Persona→Opportunity (REACHES {weight}) as a GDS Cypher aggregation projection: each
// persona reaches an opportunity through the pain points it addresses (severity/5 × strength)
// and the JTBDs it supports (importance/10); parallel paths add up.
// Retired personas and opportunities (gone from the catalog) take no part.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
CALL (p) {
  MATCH (p)-[e:EXPERIENCES]->(:PainPoint)<-[a:ADDRESSES]-(o:Opportunity)
  WHERE coalesce(o.is_active, true)
  RETURN o, e.severity / 5.0 * a.strength AS weight
  UNION ALL
  MATCH (p)-[j:PERFORMS]->(:JTBD)<-[:SUPPORTS]-(o:Opportunity)
  WHERE coalesce(o.is_active, true)
  RETURN o, j.importance / 10.0 AS weight
}
WITH p, o, sum(weight) AS weight
RETURN gds.graph.project(
  $graph_name, p, o,
  {sourceNodeLabels: 'Persona', targetNodeLabels: 'Opportunity',
   relationshipType: 'REACHES', relationshipProperties: {weight: weight}}
) AS projection
