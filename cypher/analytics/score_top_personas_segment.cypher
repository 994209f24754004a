// The $top personas of a segment ($function and/or $archetype) who reach each active
// opportunity most, most first, ties by persona id; one row per opportunity the segment
// reaches. Read from the segment's side: its personas' links are summed per persona and
// opportunity, so the work grows with the segment, not with the whole population.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
  AND ($function IS NULL OR EXISTS {
        (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(:Function {key: $function}) })
  AND ($archetype IS NULL OR COLLECT {
        // An override wins, then the inferred archetype, then the declared one.
        MATCH (p)-[link:IS_A]->(archetype:Archetype)
        RETURN archetype.name
        ORDER BY coalesce(link.overridden, false) DESC, coalesce(link.inferred, false) DESC,
                 coalesce(link.declared, false) DESC
        LIMIT 1
      } = [$archetype])
CALL (p) {
  CALL (p) {
    MATCH (p)-[e:EXPERIENCES]->(:PainPoint)<-[a:ADDRESSES]-(o:Opportunity)
    WHERE coalesce(o.is_active, true)
    RETURN o, e.severity / 5.0 * a.strength AS weight
    UNION ALL
    MATCH (p)-[j:PERFORMS]->(:JTBD)<-[:SUPPORTS]-(o:Opportunity)
    WHERE coalesce(o.is_active, true)
    RETURN o, j.importance / 10.0 AS weight
  }
  RETURN o, sum(weight) AS weight
}
WITH o.key AS key, p.id AS persona, weight
ORDER BY key, round(weight, 12) DESC, persona
WITH key, collect({key: persona, weight: weight}) AS personas
RETURN key, personas[..$top] AS personas
ORDER BY key
