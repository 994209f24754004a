// (:Opportunity)-[:SUPPORTS]->(:JTBD) as rows of the relational export: both
// keys, then the relationship's $columns; ordered by source key, then target key.
MATCH (source:Opportunity)-[link:SUPPORTS]->(target:JTBD)
WHERE source.key IS NOT NULL AND target.key IS NOT NULL
WITH source, link, target
ORDER BY source.key, target.key
RETURN [source.key, target.key] + [name IN $columns | link[name]] AS row
