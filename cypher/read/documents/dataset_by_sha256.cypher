// The dataset holding a file with this content, with the personas it serves.
MATCH (d:Dataset {sha256: $sha256})
RETURN d.id AS id, d.name AS name, d.status AS status, d.embedding_model AS embedding_model,
       d.is_global AS is_global,
       duration.inSeconds(d.updated_at, datetime()).seconds AS idle_seconds,
       [(p:Persona)-[:USES_DATASET]->(d) | p.id] AS personas
