// The first persona (by id) that experiences a pain point.
MATCH (p:Persona)-[:EXPERIENCES]->()
RETURN p.id AS id
ORDER BY p.id
LIMIT 1
