// (:Persona)-[:SPENDS_TIME]->(:Activity) links of new or changed Persona nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
UNWIND row.links AS out
MATCH (target:Activity {key: out.target})
CREATE (source)-[link:SPENDS_TIME]->(target)
SET link = out.props
