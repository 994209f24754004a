// Delete every node and relationship except the migration records, in batches
// (runs as an auto-commit statement). The schema stays as it is.
MATCH (n) WHERE NOT n:SchemaMigration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS
