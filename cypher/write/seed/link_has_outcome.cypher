// (:JTBD)-[:HAS_OUTCOME]->(:Outcome) links of new or changed JTBD nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:JTBD {key: row.source})
MATCH (target:Outcome {key: row.target})
CREATE (source)-[link:HAS_OUTCOME]->(target)
SET link = row.props
