// Make a dataset available to every persona.
MATCH (d:Dataset {id: $id})
SET d.is_global = true, d.updated_at = datetime()
RETURN d.id AS id
