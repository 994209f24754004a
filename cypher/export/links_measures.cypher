// (:MetricBucket)-[:MEASURES]->(:Persona) for the relational export: one row per source
// node in key order, holding its links in target key order, each as [target key, then the
// relationship's $columns] (date-times, those in $datetimes, as microseconds since 1970 UTC).
// Sources come in index order and each one's links are collected on their own, so the
// server streams without sorting every relationship, and each record carries many rows.
MATCH (source:MetricBucket)
WHERE source.id IS NOT NULL
WITH source
ORDER BY source.id
CALL (source) {
  MATCH (source)-[link:MEASURES]->(target:Persona)
  WHERE target.id IS NOT NULL
  WITH link, target
  ORDER BY target.id
  RETURN collect([target.id] + [name IN $columns |
    CASE WHEN name IN $datetimes AND link[name] IS NOT NULL
      THEN link[name].epochSeconds * 1000000 + link[name].microsecond
      ELSE link[name] END]) AS links
}
WITH source, links
WHERE size(links) > 0
RETURN source.id AS source, links
