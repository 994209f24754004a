// The $k nearest chunks in the vector index, kept when they belong to the given datasets.
CALL db.index.vector.queryNodes('chunk_embedding', $k, $vector) YIELD node, score
MATCH (d:Dataset)-[:HAS_CHUNK]->(node)
WHERE d.id IN $dataset_ids
RETURN node.id AS id, score AS similarity
ORDER BY similarity DESC
LIMIT $limit
