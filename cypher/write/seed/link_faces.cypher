// (:Persona)-[:FACES]->(:Challenge) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Challenge {key: row.target})
CREATE (source)-[link:FACES]->(target)
SET link = row.props
