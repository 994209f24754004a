// (:Persona)-[:SPENDS_TIME]->(:Activity) links of new or changed Persona nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Activity {key: row.target})
CREATE (source)-[link:SPENDS_TIME]->(target)
SET link = row.props
