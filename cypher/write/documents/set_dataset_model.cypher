// The model a dataset's vectors now come from (after re-embedding).
MATCH (d:Dataset {id: $id})
SET d.embedding_model = $model, d.embedding_dimension = $dimension, d.updated_at = datetime()
RETURN d.id AS id
