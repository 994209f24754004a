// Baseline for bench/seed_load.py: WORKS_WITH relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Stakeholder {key: row.target})
  CREATE (source)-[link:WORKS_WITH]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
