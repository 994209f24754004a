// Datasets with their links, newest first: all of them, or those a persona uses.
MATCH (d:Dataset)
WHERE $persona_id IS NULL OR EXISTS { (:Persona {id: $persona_id})-[:USES_DATASET]->(d) }
   OR ($persona_id IS NOT NULL AND d.is_global)
RETURN d {.id, .name, .file_name, .file_type, .size_bytes, .sha256, .status, .error,
          .chunk_count, .embedding_model, .embedding_dimension, .is_global,
          .created_at, .updated_at, .processed_at} AS dataset,
       [(p:Persona)-[u:USES_DATASET]->(d) |
         {persona_id: p.id, enabled: u.enabled, weight: u.weight, access_level: u.access_level}]
         AS links
ORDER BY d.created_at DESC, d.name
