// What ties each persona (all of them, or those listed) to the opportunities: its effective
// archetype and function, the pain points it experiences that some opportunity addresses
// (with severity), and the JTBDs it performs that some opportunity supports (with
// importance and the persona's ratings of the job's outcomes). One row per persona; which
// opportunity addresses or supports what comes from analytics/opportunities, and the two
// are joined in Python: returning one row per persona-opportunity path was ten times slower.
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
RETURN p.id AS persona, archetype,
       COLLECT {
         MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
         RETURN f.key ORDER BY f.key LIMIT 1
       } AS function,
       COLLECT {
         MATCH (p)-[e:EXPERIENCES]->(pain:PainPoint)
         WHERE EXISTS { (pain)<-[:ADDRESSES]-(o:Opportunity) WHERE coalesce(o.is_active, true) }
         RETURN [pain.key, e.severity] ORDER BY pain.key
       } AS pains,
       COLLECT {
         MATCH (p)-[j:PERFORMS]->(job:JTBD)
         WHERE EXISTS { (job)<-[:SUPPORTS]-(o:Opportunity) WHERE coalesce(o.is_active, true) }
         RETURN [job.key, j.importance,
                 COLLECT {
                   MATCH (p)-[r:RATES]->(:Outcome)<-[:HAS_OUTCOME]-(job)
                   RETURN [r.importance, r.satisfaction]
                   ORDER BY r.importance, r.satisfaction
                 }]
         ORDER BY job.key
       } AS jobs
ORDER BY persona
