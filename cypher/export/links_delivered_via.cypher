// (:Opportunity)-[:DELIVERED_VIA]->(:ServiceLayer) as rows of the relational export: both
// keys, then the relationship's $columns; ordered by source key, then target key.
MATCH (source:Opportunity)-[link:DELIVERED_VIA]->(target:ServiceLayer)
WHERE source.key IS NOT NULL AND target.name IS NOT NULL
WITH source, link, target
ORDER BY source.key, target.name
RETURN [source.key, target.name] + [name IN $columns | link[name]] AS row
