// Remove a dataset, its chunks and its links.
MATCH (d:Dataset {id: $id})
OPTIONAL MATCH (d)-[:HAS_CHUNK]->(c:Chunk)
DETACH DELETE c
WITH DISTINCT d
DETACH DELETE d
RETURN count(*) AS deleted
