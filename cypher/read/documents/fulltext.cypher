// The best full-text hits for a Lucene query (built by documents/ranking.py: lucene_query,
// which puts the scope's datasets in the query itself).
CALL db.index.fulltext.queryNodes('chunk_text', $lucene, {limit: $limit}) YIELD node, score
RETURN node.id AS id, node.dataset_id AS dataset_id, score AS lexical
