// Create or update Template nodes from the seed catalog; only new or changed rows are sent.
// A template's properties are replaced as a whole (an optional field taken out of the file
// leaves the node), keeping when it was created and moving its version.
UNWIND $rows AS row
MERGE (n:Template {key: row.key})
ON CREATE SET n.created_at = datetime(), n.version = 0
// Only a real change moves the version, also when two loads race for the same rows.
WITH n, row,
     n.content_hash IS NULL OR n.content_hash <> row.hash
       OR coalesce(n.is_active, true) = false AS changed
WITH n, row, changed, n.created_at AS created_at, n.version AS version,
     n.updated_at AS updated_at
SET n = row.props,
    n.created_at = created_at,
    n.content_hash = row.hash,
    n.updated_at = CASE WHEN changed THEN datetime() ELSE updated_at END,
    n.version = version + CASE WHEN changed THEN 1 ELSE 0 END
