// The $limit chunks of a persona's scope (the datasets $dataset_ids) most similar to
// $vector, every chunk of the datasets compared exactly: for a small scope. Each with its
// text, place and exact similarity ((1 + cos) / 2).
UNWIND $dataset_ids AS dataset_id
MATCH (:Dataset {id: dataset_id})-[:HAS_CHUNK]->(c:Chunk)
WITH c, vector.similarity.cosine(c.embedding, $vector) AS similarity
ORDER BY similarity DESC
LIMIT $limit
RETURN c.id AS id, c.dataset_id AS dataset_id, c.text AS text, c.section AS section,
       c.page AS page, c.kind AS kind, similarity
