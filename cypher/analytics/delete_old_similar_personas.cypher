// Remove the SIMILAR_TO links of every run but the given one, in batches (auto-commit).
MATCH (:Persona)-[similar:SIMILAR_TO]->(:Persona)
WHERE similar.run IS NULL OR similar.run <> $run_id
CALL (similar) {
  DELETE similar
} IN TRANSACTIONS OF 10000 ROWS
RETURN count(*) AS deleted
