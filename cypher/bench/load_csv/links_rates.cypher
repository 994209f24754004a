// Baseline for bench/seed_load.py: RATES relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Outcome {key: row.target})
  CREATE (source)-[link:RATES]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
