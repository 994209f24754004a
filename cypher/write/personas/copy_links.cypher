// Give the copy every outgoing relationship of the source whose type is in $types
// (the ontology's persona relationships), with the same properties.
MATCH (source:Persona {id: $source}), (copy:Persona {id: $copy})
MATCH (source)-[r]->(target)
WHERE type(r) IN $types
CREATE (copy)-[c:$(type(r))]->(target)
SET c = properties(r)
RETURN count(c) AS copied
