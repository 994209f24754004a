// Change how a persona uses a dataset (null leaves a setting as it is).
MATCH (p:Persona {id: $persona_id})-[u:USES_DATASET]->(d:Dataset {id: $dataset_id})
SET u.enabled = coalesce($enabled, u.enabled),
    u.weight = coalesce($weight, u.weight),
    u.access_level = coalesce($access_level, u.access_level)
RETURN u.enabled AS enabled, u.weight AS weight, u.access_level AS access_level
