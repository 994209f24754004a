// (:Persona)-[:IS_A]->(:Archetype) links of new or changed Persona nodes (their old links are cleared first);
// one row per source node, so each source is looked up once for all its links.
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
UNWIND row.links AS out
MATCH (target:Archetype {name: out.target})
CREATE (source)-[link:IS_A]->(target)
SET link = out.props
