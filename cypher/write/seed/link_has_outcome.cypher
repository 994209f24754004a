// (:JTBD)-[:HAS_OUTCOME]->(:Outcome) links of new or changed JTBD nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:JTBD {key: row.source})
UNWIND row.links AS out
MATCH (target:Outcome {key: out.target})
CREATE (source)-[link:HAS_OUTCOME]->(target)
SET link = out.props
