// Baseline for bench/seed_load.py: SUPPORTS relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Opportunity {key: row.source})
  MATCH (target:JTBD {key: row.target})
  CREATE (source)-[link:SUPPORTS]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
