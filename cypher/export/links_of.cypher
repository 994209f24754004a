// (:ArchetypeMigration)-[:OF]->(:Persona) as rows of the relational export: both
// keys, then the relationship's $columns; ordered by source key, then target key.
MATCH (source:ArchetypeMigration)-[link:OF]->(target:Persona)
WHERE source.id IS NOT NULL AND target.id IS NOT NULL
WITH source, link, target
ORDER BY source.id, target.id
RETURN [source.id, target.id] + [name IN $columns | link[name]] AS row
