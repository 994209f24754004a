// Logged routing decisions made at or after $since, the newest $limit (index on decided_at).
MATCH (d:RoutingDecision)
WHERE d.decided_at >= $since
RETURN d.id AS id, d.decided_at AS decided_at, d.persona_id AS persona_id,
       d.archetype AS archetype, d.function AS function, d.role AS role,
       d.request AS request, d.context AS context, d.service_layer AS service_layer,
       d.configuration AS configuration, d.rule_id AS rule_id, d.rules_version AS rules_version
ORDER BY d.decided_at DESC, d.id
LIMIT $limit
