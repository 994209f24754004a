// Every assignment of one as-of date as the graph holds it, primary and secondary read
// through their relationships (the validation report is made from these rows).
MATCH (s:Subject)-[:HAS_ASSIGNMENT]->(a:Assignment)
WHERE a.as_of = date($as_of)
OPTIONAL MATCH (a)-[:PRIMARY]->(primary:Persona)
OPTIONAL MATCH (a)-[:SECONDARY]->(secondary:Persona)
RETURN s.id AS user_id,
       a.window_days AS window_days,
       a.status AS status,
       primary.behavioral_id AS primary_persona_id,
       secondary.behavioral_id AS secondary_persona_id,
       a.trace IS NOT NULL AS has_trace
ORDER BY user_id, window_days
