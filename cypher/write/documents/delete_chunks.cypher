// Remove a dataset's chunks (before writing new ones, or when processing failed).
MATCH (:Dataset {id: $dataset_id})-[:HAS_CHUNK]->(c:Chunk)
DETACH DELETE c
RETURN count(*) AS deleted
