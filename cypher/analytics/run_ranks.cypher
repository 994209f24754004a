// The ranking of one scoring run: every opportunity it scored, with its rank and overall.
MATCH (run:ScoringRun {id: $run_id})
OPTIONAL MATCH (run)-[scored:SCORED]->(o:Opportunity)
RETURN run.id AS run, run.parameters AS parameters, o.key AS key, o.name AS name,
       scored.rank AS rank, scored.overall AS overall
ORDER BY rank
