// The one statement that changes a dataset's status (documents/datasets.py: record_status),
// only while the run $run_id owns it. Null counts and models leave the stored ones as
// they are (the previous chunks still serve while a new version is processed).
MATCH (d:Dataset {id: $id})
WHERE d.run_id = $run_id
SET d.status = $status,
    d.error = $error,
    d.chunk_count = coalesce($chunk_count, d.chunk_count),
    d.embedding_model = CASE WHEN $clear_model THEN null
                             ELSE coalesce($embedding_model, d.embedding_model) END,
    d.embedding_dimension = CASE WHEN $clear_model THEN null
                                 ELSE coalesce($embedding_dimension, d.embedding_dimension) END,
    d.updated_at = datetime(),
    d.processed_at = CASE WHEN $status IN ['completed', 'error'] THEN datetime()
                          ELSE d.processed_at END
RETURN d.id AS id, d.status AS status
