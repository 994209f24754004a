// The state after each audited update of the given personas (a JSON text).
MATCH (a:AuditEvent {action: 'update'})-[:CONCERNS]->(p:Persona)
WHERE p.id IN $ids
RETURN p.id AS id, a.after AS after
