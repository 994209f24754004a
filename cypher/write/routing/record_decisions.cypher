// A batch of routing decisions for the audit log (personal data already redacted), each
// linked to its persona. Idempotent on the decision id, so a retried batch writes nothing twice.
UNWIND $rows AS row
MERGE (d:RoutingDecision {id: row.id})
ON CREATE SET d += row.props
WITH d, row
OPTIONAL MATCH (p:Persona {id: row.persona_id})
FOREACH (persona IN CASE WHEN p IS NULL THEN [] ELSE [p] END |
  MERGE (d)-[:FOR_PERSONA]->(persona))
RETURN count(d) AS written
