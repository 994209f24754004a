// Baseline for bench/seed_load.py: IN_FUNCTION relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Role {key: row.source})
  MATCH (target:Function {key: row.target})
  CREATE (source)-[link:IN_FUNCTION]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
