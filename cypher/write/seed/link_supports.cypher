// (:Opportunity)-[:SUPPORTS]->(:JTBD) links of new or changed Opportunity nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Opportunity {key: row.source})
UNWIND row.links AS out
MATCH (target:JTBD {key: out.target})
CREATE (source)-[link:SUPPORTS]->(target)
SET link = out.props
