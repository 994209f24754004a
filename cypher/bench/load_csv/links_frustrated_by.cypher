// Baseline for bench/seed_load.py: FRUSTRATED_BY relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Frustration {key: row.target})
  CREATE (source)-[link:FRUSTRATED_BY]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
