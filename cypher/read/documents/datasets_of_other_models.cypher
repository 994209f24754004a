// Datasets whose chunks were embedded by another model than $model (or all, with $all).
MATCH (d:Dataset)
WHERE d.chunk_count > 0 AND ($all OR d.embedding_model IS NULL OR d.embedding_model <> $model)
RETURN d.id AS id, d.name AS name, d.embedding_model AS embedding_model,
       d.chunk_count AS chunk_count
ORDER BY d.name
