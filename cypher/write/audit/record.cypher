// Changes made through the API (or the CLI), each linked to the persona it concerns.
UNWIND $rows AS row
MATCH (p:Persona {id: row.entity_key})
CREATE (a:AuditEvent {id: row.id, action: row.action, entity_label: 'Persona',
                      entity_key: row.entity_key, actor: $actor, request_id: $request_id,
                      occurred_at: datetime(), before: row.before, after: row.after})
CREATE (a)-[:CONCERNS]->(p)
RETURN count(a) AS recorded
