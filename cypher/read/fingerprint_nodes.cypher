// Every node with its labels and properties, for a content fingerprint of the graph.
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
