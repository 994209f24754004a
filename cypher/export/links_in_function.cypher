// (:Role)-[:IN_FUNCTION]->(:Function) as rows of the relational export: both
// keys, then the relationship's $columns; ordered by source key, then target key.
MATCH (source:Role)-[link:IN_FUNCTION]->(target:Function)
WHERE source.key IS NOT NULL AND target.key IS NOT NULL
WITH source, link, target
ORDER BY source.key, target.key
RETURN [source.key, target.key] + [name IN $columns | link[name]] AS row
