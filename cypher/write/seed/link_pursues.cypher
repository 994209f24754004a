// (:Persona)-[:PURSUES]->(:Goal) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Goal {key: row.target})
CREATE (source)-[link:PURSUES]->(target)
SET link = row.props
