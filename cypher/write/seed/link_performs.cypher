// (:Persona)-[:PERFORMS]->(:JTBD) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:JTBD {key: row.target})
CREATE (source)-[link:PERFORMS]->(target)
SET link = row.props
