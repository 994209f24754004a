// One change made through the API, linked to the persona it concerns.
MATCH (p:Persona {id: $entity_key})
CREATE (a:AuditEvent {id: $id, action: $action, entity_label: 'Persona', entity_key: $entity_key,
                      actor: $actor, request_id: $request_id, occurred_at: datetime(),
                      before: $before, after: $after})
CREATE (a)-[:CONCERNS]->(p)
RETURN a.id AS id
