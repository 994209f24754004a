// Remember where a duplicated persona came from.
MATCH (copy:Persona {id: $copy}), (source:Persona {id: $source})
CREATE (copy)-[:CREATED_FROM]->(source)
