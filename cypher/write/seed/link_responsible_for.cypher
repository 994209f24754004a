// (:Persona)-[:RESPONSIBLE_FOR]->(:Responsibility) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Responsibility {key: row.target})
CREATE (source)-[link:RESPONSIBLE_FOR]->(target)
SET link = row.props
