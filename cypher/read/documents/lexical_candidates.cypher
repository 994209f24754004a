// The best $hits full-text hits of $lucene (built by documents/ranking.py: words only,
// maybe with the scope's datasets as a filter), of which the first $limit that belong to
// the datasets $dataset_ids are kept: each with its text, place, full-text score and exact
// similarity to $vector ((1 + cos) / 2). One row; `hits` tells how many hits there were
// before keeping to the datasets (fewer than $hits: there are no more).
CALL db.index.fulltext.queryNodes('chunk_text', $lucene, {limit: $hits}) YIELD node, score
WITH collect({c: node, lexical: score}) AS hits
RETURN size(hits) AS hits, COLLECT {
  UNWIND [hit IN hits WHERE hit.c.dataset_id IN $dataset_ids][..$limit] AS hit
  WITH hit.c AS c, hit.lexical AS lexical
  RETURN c {.id, .dataset_id, .text, .section, .page, .kind, lexical: lexical,
            similarity: vector.similarity.cosine(c.embedding, $vector)}
} AS chunks
