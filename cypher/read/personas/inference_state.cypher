// What re-inference reads of a persona: its properties (attributes, the last inference
// and the snapshot of what that inference read) and the goal and pain point texts whose
// automation/AI language inference scores.
MATCH (p:Persona {id: $id})
RETURN properties(p) AS props,
       COLLECT { MATCH (p)-[:PURSUES]->(g:Goal) RETURN g.text } AS goals,
       COLLECT { MATCH (p)-[:EXPERIENCES]->(pp:PainPoint) RETURN pp.text } AS pain_points
