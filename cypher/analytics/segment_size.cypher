// How many active personas a segment ($function and/or $archetype) has that reach an
// active opportunity, and how many active opportunities there are: the size of the
// segment's projection (at most one REACHES link per persona and opportunity), for the
// memory estimate, and zero personas for a segment that matches no one.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
  AND ($function IS NULL OR EXISTS {
        (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(:Function {key: $function}) })
  AND (EXISTS { (p)-[:EXPERIENCES]->(:PainPoint)<-[:ADDRESSES]-(o:Opportunity)
                WHERE coalesce(o.is_active, true) }
       OR EXISTS { (p)-[:PERFORMS]->(:JTBD)<-[:SUPPORTS]-(o:Opportunity)
                   WHERE coalesce(o.is_active, true) })
  AND ($archetype IS NULL OR COLLECT {
        MATCH (p)-[link:IS_A]->(archetype:Archetype)
        RETURN archetype.name
        ORDER BY coalesce(link.overridden, false) DESC, coalesce(link.inferred, false) DESC,
                 coalesce(link.declared, false) DESC
        LIMIT 1
      } = [$archetype])
WITH count(p) AS personas
RETURN personas,
       COUNT { MATCH (o:Opportunity) WHERE coalesce(o.is_active, true) } AS opportunities
