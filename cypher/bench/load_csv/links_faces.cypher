// Baseline for bench/seed_load.py: FACES relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Challenge {key: row.target})
  CREATE (source)-[link:FACES]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
