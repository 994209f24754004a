// (:Persona)-[:WORKS_WITH]->(:Stakeholder) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Stakeholder {key: row.target})
CREATE (source)-[link:WORKS_WITH]->(target)
SET link = row.props
