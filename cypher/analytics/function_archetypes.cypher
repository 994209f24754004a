// How many active personas of each effective archetype every function has (a persona
// without a function counts under null). An override wins, then the inferred archetype,
// then the declared one, as in scoring.
MATCH (p:Persona)
WHERE coalesce(p.is_active, true)
CALL (p) {
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
RETURN function, archetype, count(p) AS personas
ORDER BY function, archetype
