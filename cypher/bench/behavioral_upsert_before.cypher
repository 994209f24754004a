// bench/assign.py's "before" write: the assignment upsert as it was before issue 28
// (2,000-row batches inside one transaction for the whole run, no run id).
UNWIND $rows AS row
MERGE (s:Subject {id: row.user_id})
ON CREATE SET s.created_at = datetime()
MERGE (a:Assignment {id: row.id})
ON CREATE SET a.created_at = datetime()
MERGE (s)-[:HAS_ASSIGNMENT]->(a)
SET a += row.props,
    a.as_of = date(row.as_of),
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
