// (:Persona)-[:FRUSTRATED_BY]->(:Frustration) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Frustration {key: row.target})
CREATE (source)-[link:FRUSTRATED_BY]->(target)
SET link = row.props
