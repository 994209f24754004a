// What a persona may retrieve from: its enabled datasets and the global ones, each with
// the weight and access level of its link (global ones without a link: 1.0, full); and
// how many chunks there are in all (a scope's share of them decides how it is searched).
OPTIONAL MATCH (p:Persona {id: $persona_id})
WHERE coalesce(p.is_active, true)
OPTIONAL MATCH (p)-[u:USES_DATASET]->(own:Dataset)
WHERE u.enabled AND own.chunk_count > 0
WITH p, collect(own {.id, .name, .file_name, .embedding_model, .chunk_count,
                     weight: coalesce(u.weight, 1.0),
                     access_level: coalesce(u.access_level, 'full')}) AS own
OPTIONAL MATCH (g:Dataset)
WHERE g.is_global AND g.chunk_count > 0
WITH p, own, collect(g {.id, .name, .file_name, .embedding_model, .chunk_count,
                        weight: 1.0, access_level: 'full'}) AS global
RETURN p IS NOT NULL AS found, own, global, COUNT { (:Chunk) } AS all_chunks
