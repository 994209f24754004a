// Baseline for bench/seed_load.py: RESPONSIBLE_FOR relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Responsibility {key: row.target})
  CREATE (source)-[link:RESPONSIBLE_FOR]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
