// Baseline for bench/seed_load.py: EXPERIENCES relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:PainPoint {key: row.target})
  CREATE (source)-[link:EXPERIENCES]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
