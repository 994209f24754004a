// The stored pain clusters (the latest clustering), best first, with their pain points and
// what the run found: functions spanned, persona count, opportunities addressing them.
MATCH (c:PainCluster)
CALL (c) {
  MATCH (c)-[:GROUPS]->(pain:PainPoint)
  RETURN collect(pain.key) AS pain_points
}
RETURN c.id AS id, c.run AS run, c.rank AS rank, c.name AS name, c.functions AS functions,
       c.persona_count AS persona_count, c.mean_severity AS mean_severity,
       c.opportunities AS opportunities, c.unaddressed AS unaddressed,
       pain_points
ORDER BY rank
