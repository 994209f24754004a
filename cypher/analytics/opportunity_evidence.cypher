// What links each persona (all of them, or those listed) to each opportunity: the pain
// points (severity, strength) and the JTBDs (importance, and the persona's ratings of the
// job's outcomes), with the persona's effective archetype and function.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true) AND ($personas IS NULL OR p.id IN $personas)
CALL (p) {
  // An override wins, then the inferred archetype, then the declared one.
  MATCH (p)-[link:IS_A]->(archetype:Archetype)
  RETURN archetype.name AS archetype
  ORDER BY coalesce(link.overridden, false) DESC, coalesce(link.inferred, false) DESC,
           coalesce(link.declared, false) DESC
  LIMIT 1
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
  RETURN min(f.key) AS function
}
CALL (p) {
  MATCH (p)-[e:EXPERIENCES]->(pain:PainPoint)<-[a:ADDRESSES]-(o:Opportunity)
  WHERE coalesce(o.is_active, true)
  RETURN o.key AS opportunity, 'pain' AS kind, pain.key AS item, e.severity AS severity,
         a.strength AS strength, null AS importance, [] AS ratings
  UNION ALL
  MATCH (p)-[j:PERFORMS]->(job:JTBD)<-[:SUPPORTS]-(o:Opportunity)
  WHERE coalesce(o.is_active, true)
  OPTIONAL MATCH (p)-[r:RATES]->(:Outcome)<-[:HAS_OUTCOME]-(job)
  RETURN o.key AS opportunity, 'job' AS kind, job.key AS item, null AS severity,
         null AS strength, j.importance AS importance,
         collect(CASE WHEN r IS NULL THEN null
                      ELSE [r.importance, r.satisfaction] END) AS ratings
}
RETURN p.id AS persona, archetype, function, opportunity, kind, item, severity, strength,
       importance, ratings
ORDER BY opportunity, persona, kind, item
