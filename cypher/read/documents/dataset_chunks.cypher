// A dataset's chunks in order: what re-embedding reads.
MATCH (:Dataset {id: $id})-[:HAS_CHUNK]->(c:Chunk)
RETURN c.id AS id, c.text AS text, c.section AS section
ORDER BY c.index
