// The dataset of this name, with the personas it serves.
MATCH (d:Dataset {name: $name})
RETURN d.id AS id, d.name AS name, d.status AS status, d.sha256 AS sha256,
       d.is_global AS is_global,
       duration.inSeconds(d.updated_at, datetime()).seconds AS idle_seconds,
       [(p:Persona)-[:USES_DATASET]->(d) | p.id] AS personas
