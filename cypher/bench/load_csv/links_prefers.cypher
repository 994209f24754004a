// Baseline for bench/seed_load.py: PREFERS relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:ServiceLayer {name: row.target})
  CREATE (source)-[link:PREFERS]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
