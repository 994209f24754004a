// (:Role)-[:IN_FUNCTION]->(:Function) links of new or changed Role nodes (their old links are cleared first).
UNWIND $rows AS row
MATCH (source:Role {key: row.source})
MATCH (target:Function {key: row.target})
CREATE (source)-[link:IN_FUNCTION]->(target)
SET link = row.props
