// One dataset with its links.
MATCH (d:Dataset {id: $id})
RETURN d {.id, .name, .file_name, .file_type, .size_bytes, .sha256, .status, .error,
          .chunk_count, .embedding_model, .embedding_dimension, .is_global,
          .created_at, .updated_at, .processed_at} AS dataset,
       [(p:Persona)-[u:USES_DATASET]->(d) |
         {persona_id: p.id, enabled: u.enabled, weight: u.weight, access_level: u.access_level}]
         AS links
