// Every chunk of the given datasets compared with $vector (exact, for small scopes);
// similarity is Neo4j's normalised cosine, (1 + cos) / 2.
UNWIND $dataset_ids AS dataset_id
MATCH (:Dataset {id: dataset_id})-[:HAS_CHUNK]->(c:Chunk)
WITH c, vector.similarity.cosine(c.embedding, $vector) AS similarity
ORDER BY similarity DESC
LIMIT $limit
RETURN c.id AS id, similarity
