// New vectors for existing chunks (re-embedding).
UNWIND $rows AS row
MATCH (c:Chunk {id: row.id})
CALL db.create.setNodeVectorProperty(c, 'embedding', row.embedding)
RETURN count(*) AS updated
