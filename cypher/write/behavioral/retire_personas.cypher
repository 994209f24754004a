// Behavioral personas no longer in the rules file are retired, never deleted: the
// assignments that name them stay explainable.
MATCH (p:Persona {origin: 'behavioral', is_active: true})
WHERE NOT p.id IN $keep
SET p.is_active = false,
    p.version = p.version + 1,
    p.updated_at = datetime()
RETURN p.id AS id
ORDER BY id
