// A segment's reach: personalised PageRank in the segment's projected Persona→Opportunity
// graph (analytics/project_segment_graph), teleporting to all its personas (those marked
// `source`). Concurrency 1 keeps the iteration order, and so the scores, reproducible.
CALL gds.graph.nodeProperty.stream($graph_name, 'source', ['Persona'])
YIELD nodeId
WITH collect(nodeId) AS sources
CALL gds.pageRank.stream($graph_name, {
  sourceNodes: sources, dampingFactor: $damping_factor, maxIterations: $max_iterations,
  tolerance: $tolerance, relationshipWeightProperty: 'weight', concurrency: 1
})
YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS node, score
WHERE node:Opportunity
RETURN node.key AS key, score
ORDER BY key
