// The dataset, if the processing run $run_id still owns it.
MATCH (d:Dataset {id: $id})
WHERE d.run_id = $run_id
RETURN d.id AS id
