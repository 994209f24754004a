// A processing run takes an existing dataset over: a changed file under the same name,
// a retry after an error, or a run left unfinished. The previous chunks stay until the
// new ones replace them in one transaction.
MATCH (d:Dataset {id: $id})
SET d.file_name = $file_name, d.file_type = $file_type, d.size_bytes = $size_bytes,
    d.sha256 = $sha256, d.is_global = d.is_global OR $is_global, d.run_id = $run_id,
    d.updated_at = datetime()
RETURN d.id AS id
