// Baseline for bench/seed_load.py: SPENDS_TIME relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Activity {key: row.target})
  CREATE (source)-[link:SPENDS_TIME]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
