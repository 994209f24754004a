// Baseline for bench/seed_load.py: DELIVERED_VIA relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Opportunity {key: row.source})
  MATCH (target:ServiceLayer {name: row.target})
  CREATE (source)-[link:DELIVERED_VIA]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
