// Baseline for bench/seed_load.py: HAS_SKILL relationships with LOAD CSV.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (source:Persona {id: row.source})
  MATCH (target:Skill {key: row.target})
  CREATE (source)-[link:HAS_SKILL]->(target)
  SET link += row
} IN TRANSACTIONS OF 10000 ROWS
