// Baseline for bench/seed_load.py: MOTIVATED_BY relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Motivation {key: row.target})
  CREATE (source)-[link:MOTIVATED_BY]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
