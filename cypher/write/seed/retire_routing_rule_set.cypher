// Seeded RoutingRuleSet nodes no longer in the catalog are retired (is_active = false), never
// deleted: scores, audit events and other links that name them stay meaningful.
MATCH (n:RoutingRuleSet {origin: 'seed', is_active: true})
WHERE NOT n.id IN $keep
SET n.is_active = false,
    n.version = n.version + 1,
    n.updated_at = datetime()
RETURN n.id AS key
ORDER BY key
