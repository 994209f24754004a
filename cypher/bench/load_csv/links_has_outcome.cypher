// Baseline for bench/seed_load.py: HAS_OUTCOME relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:JTBD {key: row.source})
  MATCH (target:Outcome {key: row.target})
  CREATE (source)-[link:HAS_OUTCOME]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
