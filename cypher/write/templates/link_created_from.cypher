// Remember the template a persona was made from.
MATCH (p:Persona {id: $id}), (t:Template {key: $template})
CREATE (p)-[:CREATED_FROM]->(t)
RETURN t.key AS template
