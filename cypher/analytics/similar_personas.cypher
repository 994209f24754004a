// The personas most similar to one persona in a similarity run, most similar first.
MATCH (:Persona {id: $persona})-[similar:SIMILAR_TO {run: $run_id}]->(other:Persona)
RETURN other.id AS persona, other.name AS name, similar.score AS score, similar.rank AS rank
ORDER BY rank, persona
