// Baseline for bench/seed_load.py: PURSUES relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Goal {key: row.target})
  CREATE (source)-[link:PURSUES]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
