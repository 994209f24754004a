// Create or update PainPoint nodes from the seed catalog; only new or changed rows are sent.
UNWIND $rows AS row
MERGE (n:PainPoint {key: row.key})
ON CREATE SET n.created_at = datetime(), n.version = 0
SET n += row.props,
    n.content_hash = row.hash,
    n.updated_at = datetime(),
    n.version = n.version + 1
