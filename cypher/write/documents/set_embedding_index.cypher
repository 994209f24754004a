// Record the model and dimension behind a vector index.
MERGE (i:EmbeddingIndex {name: $name})
SET i.model = $model, i.dimension = $dimension, i.updated_at = datetime()
RETURN i.model AS model
