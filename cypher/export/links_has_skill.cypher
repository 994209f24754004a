// (:Persona)-[:HAS_SKILL]->(:Skill) as rows of the relational export: both
// keys, then the relationship's $columns; ordered by source key, then target key.
MATCH (source:Persona)-[link:HAS_SKILL]->(target:Skill)
WHERE source.id IS NOT NULL AND target.key IS NOT NULL
WITH source, link, target
ORDER BY source.id, target.key
RETURN [source.id, target.key] + [name IN $columns | link[name]] AS row
