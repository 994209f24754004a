// Create or update RoutingRuleSet nodes from the seed catalog; only new or changed rows are sent.
UNWIND $rows AS row
MERGE (n:RoutingRuleSet {id: row.key})
ON CREATE SET n.created_at = datetime(), n.version = 0
// Only a real change moves the version, also when two loads race for the same rows.
WITH n, row,
     n.content_hash IS NULL OR n.content_hash <> row.hash
       OR coalesce(n.is_active, true) = false AS changed
SET n += row.props,
    n.content_hash = row.hash,
    n.updated_at = CASE WHEN changed THEN datetime() ELSE n.updated_at END,
    n.version = n.version + CASE WHEN changed THEN 1 ELSE 0 END
