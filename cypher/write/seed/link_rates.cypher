// (:Persona)-[:RATES]->(:Outcome) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Outcome {key: row.target})
CREATE (source)-[link:RATES]->(target)
SET link = row.props
