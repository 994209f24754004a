// (:Template)-[:FOR_ROLE]->(:Role) links of new or changed Template nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Template {key: row.source})
UNWIND row.links AS out
MATCH (target:Role {key: out.target})
CREATE (source)-[link:FOR_ROLE]->(target)
SET link = out.props
