// What routing needs of a persona (archetype, role, function) and the routing version in
// force, in one round trip. No row for the persona: `id` comes back null.
CALL () {
  OPTIONAL MATCH (s:RoutingRuleSet {is_active: true})
  RETURN s.id AS rules_version
  ORDER BY s.updated_at DESC
  LIMIT 1
}
OPTIONAL MATCH (p:Persona {id: $id})
WHERE coalesce(p.is_active, true)
OPTIONAL MATCH (p)-[:HAS_ROLE]->(r:Role)
OPTIONAL MATCH (r)-[:IN_FUNCTION]->(f:Function)
RETURN rules_version, p.id AS id, p.name AS name, p.archetype AS archetype,
       r.key AS role, f.key AS function
LIMIT 1
