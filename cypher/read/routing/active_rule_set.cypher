// The routing rules and policies in force (the active RoutingRuleSet), if any.
MATCH (s:RoutingRuleSet {is_active: true})
RETURN s.id AS version, s.rules AS rules, s.policies AS policies
ORDER BY s.updated_at DESC
LIMIT 1
