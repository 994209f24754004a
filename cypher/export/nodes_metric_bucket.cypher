// MetricBucket nodes as rows of the relational export, in key order; $columns are the
// table's columns (property names from the ontology), returned in that order; date-times
// (those in $datetimes) as microseconds since 1970 UTC, far cheaper to read than temporals.
MATCH (n:MetricBucket)
WHERE n.id IS NOT NULL
WITH n
ORDER BY n.id
RETURN [name IN $columns |
  CASE WHEN name IN $datetimes AND n[name] IS NOT NULL
    THEN n[name].epochSeconds * 1000000 + n[name].microsecond
    ELSE n[name] END] AS row
