// Baseline for bench/seed_load.py: PERFORMS relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:JTBD {key: row.target})
  CREATE (source)-[link:PERFORMS]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
