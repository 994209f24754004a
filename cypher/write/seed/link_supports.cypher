// (:Opportunity)-[:SUPPORTS]->(:JTBD) links of new or changed Opportunity nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Opportunity {key: row.source})
MATCH (target:JTBD {key: row.target})
CREATE (source)-[link:SUPPORTS]->(target)
SET link = row.props
