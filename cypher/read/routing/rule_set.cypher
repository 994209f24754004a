// One version of the routing rules and policies, as loaded from seeds/routing/.
MATCH (s:RoutingRuleSet {id: $version})
RETURN s.id AS version, s.rules AS rules, s.policies AS policies, s.is_active AS active
