// (:Persona)-[:MOTIVATED_BY]->(:Motivation) links of new or changed Persona nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
UNWIND row.links AS out
MATCH (target:Motivation {key: out.target})
CREATE (source)-[link:MOTIVATED_BY]->(target)
SET link = out.props
