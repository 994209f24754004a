// The behavioral personas in the graph with their rule, in priority order.
MATCH (p:Persona {kind: 'behavioral'})
RETURN p.id AS id,
       p.behavioral_id AS behavioral_id,
       p.name AS name,
       p.priority AS priority,
       p.focus AS focus,
       p.risk AS risk,
       p.criteria AS criteria,
       p.is_active AS is_active,
       p.version AS version
ORDER BY p.priority_rank, p.behavioral_id
