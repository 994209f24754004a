// Synthetic chunks (text and float32 vector) of a benchmark dataset.
MATCH (d:Dataset {id: $dataset_id})
UNWIND $rows AS row
CREATE (d)-[:HAS_CHUNK]->(c:Chunk {id: row.id})
SET c.dataset_id = $dataset_id, c.index = row.index, c.text = row.text,
    c.section = row.section, c.page = null, c.kind = 'text', c.tokens = row.tokens
WITH c, row
CALL db.create.setNodeVectorProperty(c, 'embedding', row.embedding)
RETURN count(*) AS created
