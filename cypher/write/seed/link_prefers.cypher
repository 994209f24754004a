// (:Persona)-[:PREFERS]->(:ServiceLayer) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:ServiceLayer {name: row.target})
CREATE (source)-[link:PREFERS]->(target)
SET link = row.props
