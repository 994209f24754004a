// Active assistant personas as a definitions file holds them, in id order.
MATCH (p:Persona {kind: 'assistant'})
WHERE coalesce(p.is_active, true)
RETURN p.id AS id, properties(p) AS props
ORDER BY id
