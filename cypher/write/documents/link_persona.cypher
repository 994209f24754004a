// A persona uses a dataset; an existing link keeps its settings.
MATCH (p:Persona {id: $persona_id}), (d:Dataset {id: $dataset_id})
MERGE (p)-[u:USES_DATASET]->(d)
ON CREATE SET u.enabled = true, u.weight = $weight, u.access_level = $access_level,
              u.linked_at = datetime()
RETURN u.enabled AS enabled
