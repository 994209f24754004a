// Seeded Template nodes no longer in the catalog are retired (is_active = false), never
// deleted: scores, audit events and other links that name them stay meaningful.
MATCH (n:Template {origin: 'seed', is_active: true})
WHERE NOT n.key IN $keep
SET n.is_active = false,
    n.version = n.version + 1,
    n.updated_at = datetime()
RETURN n.key AS key
ORDER BY key
