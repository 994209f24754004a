// A new dataset for a file, owned by the processing run $run_id (its status is set next,
// by set_status, like every status change).
CREATE (d:Dataset {id: $id, name: $name})
SET d.file_name = $file_name, d.file_type = $file_type, d.size_bytes = $size_bytes,
    d.sha256 = $sha256, d.is_global = $is_global, d.run_id = $run_id, d.chunk_count = 0,
    d.created_at = datetime(), d.updated_at = datetime()
RETURN d.id AS id
