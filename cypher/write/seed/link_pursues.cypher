// (:Persona)-[:PURSUES]->(:Goal) links of new or changed Persona nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
UNWIND row.links AS out
MATCH (target:Goal {key: out.target})
CREATE (source)-[link:PURSUES]->(target)
SET link = out.props
