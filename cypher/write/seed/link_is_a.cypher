// (:Persona)-[:IS_A]->(:Archetype) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Archetype {name: row.target})
CREATE (source)-[link:IS_A]->(target)
SET link = row.props
