// A persona as an edit sees it: its properties, role, and the texts inference reads.
MATCH (p:Persona {id: $id})
RETURN properties(p) AS props,
       head(COLLECT { MATCH (p)-[:HAS_ROLE]->(r:Role) RETURN r.key }) AS role,
       COLLECT { MATCH (p)-[:PURSUES]->(g:Goal) RETURN g.text } AS goals,
       COLLECT { MATCH (p)-[:EXPERIENCES]->(pp:PainPoint) RETURN pp.text } AS pain_points
