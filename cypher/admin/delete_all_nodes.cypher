// Delete every node and relationship, in batches so a large graph does not
// need one huge transaction (runs as an auto-commit statement).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS
