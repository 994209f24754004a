// (:Role)-[:IN_FUNCTION]->(:Function) links of new or changed Role nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Role {key: row.source})
UNWIND row.links AS out
MATCH (target:Function {key: out.target})
CREATE (source)-[link:IN_FUNCTION]->(target)
SET link = out.props
