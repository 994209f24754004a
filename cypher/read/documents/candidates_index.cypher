// Candidate chunks of a persona's scope, for a large scope: the $k nearest chunks in the
// vector index kept when in the scope (the best $vector_limit of them), and the
// $lexical_limit best full-text hits of $lucene, each once, with text, place, exact
// similarity ((1 + cos) / 2) and full-text score (null: none).
CALL () {
  CALL db.index.vector.queryNodes('chunk_embedding', $k, $vector) YIELD node, score
  WITH node, score
  WHERE node.dataset_id IN $dataset_ids
  WITH node ORDER BY score DESC LIMIT $vector_limit
  RETURN node AS c, null AS lexical, 1 AS from_vector
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
