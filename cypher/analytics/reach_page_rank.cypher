// A segment's reach: personalised PageRank in the projected Persona→Opportunity graph,
// teleporting only to the segment's personas (passed as nodes, so no internal ids leave
// the server). Concurrency 1 keeps the iteration order, and so the scores, reproducible.
MATCH (p:Persona)
WHERE p.id IN $personas
WITH collect(p) AS sources
CALL gds.pageRank.stream($graph_name, {
  sourceNodes: sources, dampingFactor: $damping_factor, maxIterations: $max_iterations,
  tolerance: $tolerance, relationshipWeightProperty: 'weight', concurrency: 1
})
YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS node, score
WHERE node:Opportunity
RETURN node.key AS key, score
ORDER BY key
