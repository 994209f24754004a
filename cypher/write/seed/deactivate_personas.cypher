// Seeded personas that are no longer in the catalog are deactivated, never deleted,
// so their history (migrations, audit events, scores) stays.
MATCH (p:Persona {origin: 'seed', is_active: true})
WHERE NOT p.id IN $keep
SET p.is_active = false,
    p.version = p.version + 1,
    p.updated_at = datetime()
RETURN p.id AS id
ORDER BY id
