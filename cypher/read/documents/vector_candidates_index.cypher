// For a large scope: the $k nearest chunks to $vector in the vector index, those of the
// datasets $dataset_ids kept (the best $limit of them). Each with its text, place and
// exact similarity ((1 + cos) / 2; the index's own score is approximate).
CALL db.index.vector.queryNodes('chunk_embedding', $k, $vector) YIELD node, score
WHERE node.dataset_id IN $dataset_ids
WITH node AS c, score
ORDER BY score DESC
LIMIT $limit
RETURN c.id AS id, c.dataset_id AS dataset_id, c.text AS text, c.section AS section,
       c.page AS page, c.kind AS kind, vector.similarity.cosine(c.embedding, $vector) AS similarity
