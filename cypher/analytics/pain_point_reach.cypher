// For the pain points listed: who experiences them (active personas, with function and
// severity) and which active opportunities address them; the facts a cluster is summed from.
UNWIND $keys AS key
MATCH (pain:PainPoint {key: key})
CALL (pain) {
  OPTIONAL MATCH (p:Persona)-[e:EXPERIENCES]->(pain)
  WHERE coalesce(p.is_active, true)
  OPTIONAL MATCH (p)-[:HAS_ROLE]->(:Role)-[:IN_FUNCTION]->(f:Function)
  WITH p, e, min(f.key) AS function
  RETURN collect(CASE WHEN p IS NULL THEN null
                      ELSE {persona: p.id, function: function, severity: e.severity} END)
         AS experienced
}
CALL (pain) {
  OPTIONAL MATCH (o:Opportunity)-[:ADDRESSES]->(pain)
  WHERE coalesce(o.is_active, true)
  RETURN collect(o.key) AS opportunities
}
RETURN pain.key AS key, pain.text AS text, pain.category AS category, experienced,
       opportunities
ORDER BY key
