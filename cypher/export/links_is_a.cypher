// (:Persona)-[:IS_A]->(:Archetype) as rows of the relational export: both
// keys, then the relationship's $columns; ordered by source key, then target key.
MATCH (source:Persona)-[link:IS_A]->(target:Archetype)
WHERE source.id IS NOT NULL AND target.name IS NOT NULL
WITH source, link, target
ORDER BY source.id, target.name
RETURN [source.id, target.name] + [name IN $columns | link[name]] AS row
