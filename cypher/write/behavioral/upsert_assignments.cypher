// One batch of a run's assignments, in its own transaction. Only the run that holds the
// as-of date writes (a run taken over writes nothing: `written` is 0); the batch renews
// its lease. One assignment per subject, window and as-of date (its id is made of the
// three), with its features, result, JSON trace and run_id; PRIMARY/SECONDARY are
// replaced, so re-running an as-of date rewrites these nodes instead of adding more.
// Missing features are sent as null, which removes a value an earlier run stored.
MATCH (run:AssignmentRun {id: $as_of})
WHERE run.run_id = $run_id
SET run.heartbeat = datetime()
WITH run
UNWIND $rows AS row
MERGE (s:Subject {id: row.user_id})
ON CREATE SET s.created_at = datetime()
MERGE (a:Assignment {id: row.id})
ON CREATE SET a.created_at = datetime()
MERGE (s)-[:HAS_ASSIGNMENT]->(a)
SET a += row.props,
    a.as_of = run.as_of,
    a.run_id = $run_id,
    a.assigned_at = datetime()
WITH a, row
CALL (a) {
  MATCH (a)-[old:PRIMARY|SECONDARY]->(:Persona)
  DELETE old
}
CALL (a, row) {
  MATCH (p:Persona {id: row.primary})
  CREATE (a)-[:PRIMARY {severity: row.primary_severity}]->(p)
}
CALL (a, row) {
  MATCH (p:Persona {id: row.secondary})
  CREATE (a)-[:SECONDARY {severity: row.secondary_severity}]->(p)
}
RETURN count(a) AS written
