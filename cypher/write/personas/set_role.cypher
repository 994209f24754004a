// Point a persona at one role (replacing the one it had); no row when the role is unknown.
MATCH (p:Persona {id: $id}), (r:Role {key: $role})
OPTIONAL MATCH (p)-[old:HAS_ROLE]->()
DELETE old
MERGE (p)-[:HAS_ROLE]->(r)
RETURN r.key AS role
