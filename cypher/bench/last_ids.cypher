// The three persona ids last in key order.
MATCH (p:Persona)
RETURN p.id AS id
ORDER BY p.id DESC
LIMIT 3
