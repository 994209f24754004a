// (:Opportunity)-[:ADDRESSES]->(:PainPoint) links of new or changed Opportunity nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Opportunity {key: row.source})
MATCH (target:PainPoint {key: row.target})
CREATE (source)-[link:ADDRESSES]->(target)
SET link = row.props
