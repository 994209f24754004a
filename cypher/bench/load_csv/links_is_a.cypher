// Baseline for bench/seed_load.py: IS_A relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Archetype {name: row.target})
  CREATE (source)-[link:IS_A]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
