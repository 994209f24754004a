// A dataset of synthetic chunks for the retrieval benchmark, used by one persona.
MATCH (p:Persona {id: $persona_id})
CREATE (d:Dataset {id: $id, name: $name})
SET d.file_name = $name, d.file_type = 'txt', d.size_bytes = 0, d.sha256 = $id,
    d.is_global = false, d.status = 'completed', d.chunk_count = $chunk_count,
    d.embedding_model = $model, d.embedding_dimension = 384, d.run_id = $id,
    d.created_at = datetime(), d.updated_at = datetime()
CREATE (p)-[:USES_DATASET {enabled: true, weight: 1.0, access_level: 'full'}]->(d)
RETURN d.id AS id
