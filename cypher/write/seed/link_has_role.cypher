// (:Persona)-[:HAS_ROLE]->(:Role) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Role {key: row.target})
CREATE (source)-[link:HAS_ROLE]->(target)
SET link = row.props
