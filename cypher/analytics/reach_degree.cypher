// Whole-population reach: each opportunity's weighted in-degree in the projected
// Persona→Opportunity graph (the sum of the REACHES weights of every persona reaching it).
CALL gds.degree.stream($graph_name, {
  orientation: 'REVERSE', relationshipWeightProperty: 'weight'
})
YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS node, score
WHERE node:Opportunity
RETURN node.key AS key, score
ORDER BY key
