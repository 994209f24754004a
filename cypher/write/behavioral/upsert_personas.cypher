// The behavioral personas of the rules file (seeds/behavioral/personas.yaml), created or
// updated in place; the version moves only when a persona's metadata or rule changed.
// origin 'behavioral' keeps them out of the seed load's retirement (origin 'seed' only).
UNWIND $rows AS row
MERGE (p:Persona {id: row.id})
ON CREATE SET p.created_at = datetime(), p.version = 0
WITH p, row,
     p.content_hash IS NULL OR p.content_hash <> row.hash
       OR coalesce(p.is_active, true) = false AS changed
SET p += row.props,
    p.kind = 'behavioral',
    p.origin = 'behavioral',
    p.is_active = true,
    p.content_hash = row.hash,
    p.updated_at = CASE WHEN changed THEN datetime() ELSE p.updated_at END,
    p.version = p.version + CASE WHEN changed THEN 1 ELSE 0 END
RETURN p.id AS id, changed, p.version = 1 AND changed AS created
ORDER BY id
