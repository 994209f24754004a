// One subject's assignments, newest as-of date first: every property (features, result,
// JSON trace) and the personas reached through PRIMARY and SECONDARY.
MATCH (:Subject {id: $user_id})-[:HAS_ASSIGNMENT]->(a:Assignment)
WHERE $as_of IS NULL OR a.as_of = date($as_of)
OPTIONAL MATCH (a)-[:PRIMARY]->(primary:Persona)
OPTIONAL MATCH (a)-[:SECONDARY]->(secondary:Persona)
RETURN a.id AS id,
       toString(a.as_of) AS as_of,
       a.window_days AS window_days,
       a.status AS status,
       primary.id AS primary,
       secondary.id AS secondary,
       properties(a) AS properties
ORDER BY as_of DESC, window_days
