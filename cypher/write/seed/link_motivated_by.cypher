// (:Persona)-[:MOTIVATED_BY]->(:Motivation) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Motivation {key: row.target})
CREATE (source)-[link:MOTIVATED_BY]->(target)
SET link = row.props
