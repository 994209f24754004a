// Whether an active persona has this id.
MATCH (p:Persona {id: $id})
WHERE coalesce(p.is_active, true)
RETURN p.id AS id
