// Baseline for bench/seed_load.py: HAS_ROLE relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Role {key: row.target})
  CREATE (source)-[link:HAS_ROLE]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
