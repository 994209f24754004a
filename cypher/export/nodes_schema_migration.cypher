// SchemaMigration nodes as rows of the relational export, in key order; $columns are the
// table's columns (property names from the ontology), returned in that order.
MATCH (n:SchemaMigration)
WHERE n.id IS NOT NULL
WITH n
ORDER BY n.id
RETURN [name IN $columns | n[name]] AS row
