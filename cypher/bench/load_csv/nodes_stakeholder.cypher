// Baseline for bench/seed_load.py: Stakeholder nodes with LOAD CSV, as a user would load them.
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (n:Stakeholder {key: row.key})
  SET n += row
} IN TRANSACTIONS OF 10000 ROWS
