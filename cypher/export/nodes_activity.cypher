// Activity nodes as rows of the relational export, in key order; $columns are the
// table's columns (property names from the ontology), returned in that order.
MATCH (n:Activity)
WHERE n.key IS NOT NULL
WITH n
ORDER BY n.key
RETURN [name IN $columns | n[name]] AS row
