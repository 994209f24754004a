// Persona nodes as rows of the relational export, in key order: those of one $kind
// (a persona without a kind is a workforce persona; $kind null: every persona); $columns
// are the table's columns (property names from the ontology), returned in that order;
// date-times (those in $datetimes) as microseconds since 1970 UTC, far cheaper to read
// than temporals.
MATCH (n:Persona)
WHERE n.id IS NOT NULL AND ($kind IS NULL OR coalesce(n.kind, 'workforce') = $kind)
WITH n
ORDER BY n.id
RETURN [name IN $columns |
  CASE WHEN name IN $datetimes AND n[name] IS NOT NULL
    THEN n[name].epochSeconds * 1000000 + n[name].microsecond
    ELSE n[name] END] AS row
