// Baseline for bench/seed_load.py: ADDRESSES relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Opportunity {key: row.source})
  MATCH (target:PainPoint {key: row.target})
  CREATE (source)-[link:ADDRESSES]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
