// A dataset's chunks, each with its vector stored as a float32 array.
MATCH (d:Dataset {id: $dataset_id})
UNWIND $rows AS row
CREATE (d)-[:HAS_CHUNK]->(c:Chunk {id: row.id})
SET c.dataset_id = $dataset_id, c.index = row.index, c.text = row.text, c.section = row.section, c.page = row.page,
    c.kind = row.kind, c.tokens = row.tokens
WITH c, row
CALL db.create.setNodeVectorProperty(c, 'embedding', row.embedding)
RETURN count(*) AS created
