// Routing (issue 24): the rules and rule sets loaded from seeds/routing/, and the logged
// decisions, keyed like every label of the ontology.
CREATE CONSTRAINT routing_rule_id_unique IF NOT EXISTS
FOR (n:RoutingRule) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT routing_rule_set_id_unique IF NOT EXISTS
FOR (n:RoutingRuleSet) REQUIRE n.id IS UNIQUE;

CREATE CONSTRAINT routing_decision_id_unique IF NOT EXISTS
FOR (n:RoutingDecision) REQUIRE n.id IS UNIQUE;

// Replay reads the decisions since a date, oldest first.
CREATE INDEX routing_decision_decided_at IF NOT EXISTS
FOR (n:RoutingDecision) ON (n.decided_at);

// Rules and rule sets soft-delete (a new version retires the one before), see 007.
CREATE INDEX routing_rule_is_active IF NOT EXISTS FOR (n:RoutingRule) ON (n.is_active);

CREATE INDEX routing_rule_set_is_active IF NOT EXISTS FOR (n:RoutingRuleSet) ON (n.is_active);
