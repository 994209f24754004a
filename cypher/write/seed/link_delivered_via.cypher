// (:Opportunity)-[:DELIVERED_VIA]->(:ServiceLayer) links of new or changed Opportunity nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Opportunity {key: row.source})
MATCH (target:ServiceLayer {name: row.target})
CREATE (source)-[link:DELIVERED_VIA]->(target)
SET link = row.props
