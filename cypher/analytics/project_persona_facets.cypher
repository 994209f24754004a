// Each active persona with its facets (pain points, JTBDs, goals) as a list of integers,
// a node-only GDS Cypher aggregation projection for kNN with the Jaccard metric. A
// facet's integer is its place among all active facets ordered by label and key, and
// personas reach the projection in id order: the numbering follows the catalog's keys,
// not the order it was loaded in, so a seeded kNN gives the same links for the same
// catalog.
MATCH (item)
WHERE (item:PainPoint OR item:JTBD OR item:Goal) AND coalesce(item.is_active, true)
WITH item
ORDER BY labels(item)[0], item.key
WITH collect(item) AS items
UNWIND range(0, size(items) - 1) AS ordinal
WITH items[ordinal] AS item, ordinal
MATCH (p:Persona)-[:EXPERIENCES|PERFORMS|PURSUES]->(item)
WHERE coalesce(p.is_active, true)
WITH p, collect(ordinal) AS facets
ORDER BY p.id
RETURN gds.graph.project(
  $graph_name, p, null,
  {sourceNodeLabels: 'Persona', targetNodeLabels: null, sourceNodeProperties: {facets: facets},
   targetNodeProperties: null}
) AS projection
