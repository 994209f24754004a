// A segment's personas ($function and/or $archetype; marked `source`) → the active
// opportunities they reach (REACHES {weight}) as a GDS Cypher aggregation projection, for personalised PageRank from
// those personas: through the pain points an opportunity addresses (severity/5 × strength)
// and the JTBDs it supports (importance/10); parallel paths add up. Personas outside the
// segment are left out: no rank ever reaches them (nothing links to a persona), so they
// would change no opportunity's score, only cost their paths.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
  AND ($function IS NULL OR EXISTS {
        (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(:Function {key: $function}) })
  AND ($archetype IS NULL OR COLLECT {
        MATCH (p)-[link:IS_A]->(archetype:Archetype)
        RETURN archetype.name
        ORDER BY coalesce(link.overridden, false) DESC, coalesce(link.inferred, false) DESC,
                 coalesce(link.declared, false) DESC
        LIMIT 1
      } = [$archetype])
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
ORDER BY p.id, o.key
RETURN gds.graph.project(
  $graph_name, p, o,
  {sourceNodeLabels: 'Persona', targetNodeLabels: 'Opportunity',
   sourceNodeProperties: {source: 1.0}, targetNodeProperties: null,
   relationshipType: 'REACHES', relationshipProperties: {weight: weight}}
) AS projection
