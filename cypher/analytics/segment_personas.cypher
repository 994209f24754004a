// The personas of a segment (one function and/or one effective archetype) that reach at
// least one opportunity: the PageRank source nodes.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
  AND ($function IS NULL OR EXISTS {
        (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(:Function {key: $function}) })
  AND (EXISTS { (p)-[:EXPERIENCES]->(:PainPoint)<-[:ADDRESSES]-(:Opportunity) }
       OR EXISTS { (p)-[:PERFORMS]->(:JTBD)<-[:SUPPORTS]-(:Opportunity) })
CALL (p) {
  // An override wins, then the inferred archetype, then the declared one.
  MATCH (p)-[link:IS_A]->(archetype:Archetype)
  RETURN archetype.name AS archetype
  ORDER BY coalesce(link.overridden, false) DESC, coalesce(link.inferred, false) DESC,
           coalesce(link.declared, false) DESC
  LIMIT 1
}
WITH p, archetype
WHERE $archetype IS NULL OR archetype = $archetype
RETURN p.id AS persona
ORDER BY persona
