// One batch of a similarity run's pairs: (Persona)-[:SIMILAR_TO {score, run}]->(Persona).
// MERGE on the run makes a retried batch harmless.
UNWIND $rows AS row
MATCH (source:Persona {id: row.source})
MATCH (target:Persona {id: row.target})
MERGE (source)-[similar:SIMILAR_TO {run: $run_id}]->(target)
SET similar.score = row.score, similar.rank = row.rank
RETURN count(similar) AS written
