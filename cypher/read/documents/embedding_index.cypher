// The model and dimension recorded for a vector index.
MATCH (i:EmbeddingIndex {name: $name})
RETURN i.model AS model, i.dimension AS dimension
