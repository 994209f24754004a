// (:Persona)-[:HAS_SKILL]->(:Skill) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Skill {key: row.target})
CREATE (source)-[link:HAS_SKILL]->(target)
SET link = row.props
