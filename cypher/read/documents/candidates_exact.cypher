// Candidate chunks of a persona's scope, for a small scope: the $vector_limit chunks most
// similar to $vector (every chunk of the datasets compared exactly) and the $lexical_limit
// best full-text hits of $lucene (built by documents/ranking.py: words only), each once,
// with its text, place, exact similarity ((1 + cos) / 2) and full-text score (null: none).
CALL () {
  UNWIND $dataset_ids AS dataset_id
  MATCH (:Dataset {id: dataset_id})-[:HAS_CHUNK]->(c:Chunk)
  WITH c, vector.similarity.cosine(c.embedding, $vector) AS similarity
  ORDER BY similarity DESC
  LIMIT $vector_limit
  RETURN c, null AS lexical, 1 AS from_vector
  UNION ALL
  WITH $lucene AS lucene
  WHERE lucene <> ''
  CALL db.index.fulltext.queryNodes('chunk_text', lucene, {limit: $lexical_limit})
  YIELD node, score
  RETURN node AS c, score AS lexical, 0 AS from_vector
}
WITH c, max(lexical) AS lexical, max(from_vector) AS from_vector
WHERE c.dataset_id IN $dataset_ids
RETURN c.id AS id, c.dataset_id AS dataset_id, c.text AS text, c.section AS section,
       c.page AS page, c.kind AS kind, lexical, from_vector = 1 AS from_vector,
       vector.similarity.cosine(c.embedding, $vector) AS similarity
