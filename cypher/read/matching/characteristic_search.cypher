// Active personas (of $kind, when given) whose characteristic text matches a Lucene query
// (words only: documents/ranking.py lucene_words), with their full-text score.
CALL db.index.fulltext.queryNodes('persona_characteristic_text', $lucene, {limit: $limit})
YIELD node, score
WHERE coalesce(node.is_active, true) AND ($kind IS NULL OR node.kind = $kind)
  AND node.characteristic_model = $model
RETURN node.id AS id, score AS lexical
