// (:Persona)-[:EXPERIENCES]->(:PainPoint) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:PainPoint {key: row.target})
CREATE (source)-[link:EXPERIENCES]->(target)
SET link = row.props
