// Personas as their history sees them: own properties and role, by id (missing ids give
// no row).
UNWIND $ids AS id
MATCH (p:Persona {id: id})
RETURN id, properties(p) AS props,
       head(COLLECT { MATCH (p)-[:HAS_ROLE]->(r:Role) RETURN r.key }) AS role
